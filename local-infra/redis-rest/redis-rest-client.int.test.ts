import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSetting } from '#shared/config/local-defaults.ts';
import { createRedisRestServer, type RedisRestServer } from './server.ts';

/*
 * The REAL @upstash/redis client against the endpoint and the real Redis, with its defaults
 * (base64 responses, read-your-writes, JSON deserialization), auto-pipelining on and off.
 */
const redisUrl = process.env.REDIS_URL ?? `redis://127.0.0.1:${localSetting('REDIS_PORT', process.env)}`;
const token = localSetting('REDIS_REST_TOKEN', process.env);

let endpoint: RedisRestServer;
beforeAll(async () => {
  endpoint = await createRedisRestServer({ redisUrl, token, port: 0 });
});
afterAll(async () => {
  await endpoint.close();
});

describe.each([true, false])('@upstash/redis with enableAutoPipelining=%s', (enableAutoPipelining) => {
  let redis: Redis;
  const prefix = `rest-client:${String(enableAutoPipelining)}:${crypto.randomUUID()}:`;
  const k = (name: string): string => prefix + name;

  beforeAll(() => {
    redis = new Redis({ url: endpoint.url, token, retry: { retries: 0 }, enableTelemetry: false, enableAutoPipelining });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  });

  it('strings: SET with EX / NX / GET options, counters, ranges, unicode', async () => {
    expect(await redis.set(k('s'), 'héllo 🌍', { ex: 100 })).toBe('OK');
    expect(await redis.get(k('s'))).toBe('héllo 🌍');
    expect(await redis.ttl(k('s'))).toBeGreaterThan(90);
    expect(await redis.set(k('s'), 'other', { nx: true })).toBeNull();
    expect(await redis.set(k('s'), 'new', { get: true })).toBe('héllo 🌍');
    expect(await redis.set(k('s'), 'px', { px: 50_000, xx: true })).toBe('OK');
    expect(await redis.pttl(k('s'))).toBeGreaterThan(40_000);
    expect(await redis.incr(k('n'))).toBe(1);
    expect(await redis.incrby(k('n'), 9)).toBe(10);
    expect(await redis.incrbyfloat(k('n'), 0.5)).toBe(10.5);
    expect(await redis.append(k('a'), 'abc')).toBe(3);
    expect(await redis.getrange(k('a'), 1, 2)).toBe('bc');
    expect(await redis.mset({ [k('m1')]: 'x', [k('m2')]: 'y' })).toBe('OK');
    expect(await redis.mget(k('m1'), k('missing'), k('m2'))).toEqual(['x', null, 'y']);
    expect(await redis.getdel(k('m1'))).toBe('x');
    expect(await redis.exists(k('m1'), k('m2'))).toBe(1);
  });

  it('values the client serialises as JSON come back as objects', async () => {
    await redis.set(k('json'), { id: 7, tags: ['a', 'b'] });
    expect(await redis.get(k('json'))).toEqual({ id: 7, tags: ['a', 'b'] });
  });

  it('hashes', async () => {
    expect(await redis.hset(k('h'), { name: 'ada', visits: 1 })).toBe(2);
    expect(await redis.hget(k('h'), 'name')).toBe('ada');
    expect(await redis.hincrby(k('h'), 'visits', 4)).toBe(5);
    expect(await redis.hgetall(k('h'))).toEqual({ name: 'ada', visits: 5 });
    expect(await redis.hmget(k('h'), 'name', 'nope')).toEqual({ name: 'ada', nope: null });
    expect(await redis.hexists(k('h'), 'name')).toBe(1);
    expect((await redis.hkeys(k('h'))).sort()).toEqual(['name', 'visits']);
    expect(await redis.hdel(k('h'), 'name')).toBe(1);
    expect(await redis.hlen(k('h'))).toBe(1);
  });

  it('lists', async () => {
    expect(await redis.rpush(k('l'), 'a', 'b', 'c')).toBe(3);
    expect(await redis.lpush(k('l'), 'z')).toBe(4);
    expect(await redis.lrange(k('l'), 0, -1)).toEqual(['z', 'a', 'b', 'c']);
    expect(await redis.lindex(k('l'), 1)).toBe('a');
    expect(await redis.linsert(k('l'), 'before', 'b', 'ab')).toBe(5);
    expect(await redis.lpop(k('l'))).toBe('z');
    expect(await redis.rpop(k('l'), 2)).toEqual(['c', 'b']);
    expect(await redis.ltrim(k('l'), 0, 0)).toBe('OK');
    expect(await redis.llen(k('l'))).toBe(1);
  });

  it('sets', async () => {
    expect(await redis.sadd(k('set1'), 'a', 'b', 'c')).toBe(3);
    expect(await redis.sadd(k('set2'), 'b', 'c', 'd')).toBe(3);
    expect(await redis.sismember(k('set1'), 'a')).toBe(1);
    expect((await redis.sinter(k('set1'), k('set2'))).sort()).toEqual(['b', 'c']);
    expect((await redis.sunion(k('set1'), k('set2'))).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(await redis.srem(k('set1'), 'a')).toBe(1);
    expect(await redis.scard(k('set1'))).toBe(2);
    expect((await redis.smembers(k('set1'))).sort()).toEqual(['b', 'c']);
  });

  it('sorted sets with options', async () => {
    const z = k('z');
    expect(await redis.zadd(z, { score: 1, member: 'a' }, { score: 2, member: 'b' }, { score: 3, member: 'c' })).toBe(3);
    expect(await redis.zadd(z, { nx: true }, { score: 10, member: 'a' })).toBe(0);
    expect(await redis.zadd(z, { xx: true, ch: true }, { score: 1.5, member: 'a' })).toBe(1);
    expect(await redis.zadd(z, { gt: true }, { score: 1, member: 'b' })).toBe(0);
    expect(await redis.zadd(z, { incr: true }, { score: 2, member: 'c' })).toBe(5);
    expect(await redis.zscore(z, 'a')).toBe(1.5);
    expect(await redis.zrange(z, 0, -1, { withScores: true })).toEqual(['a', 1.5, 'b', 2, 'c', 5]);
    expect(await redis.zrange(z, '+inf', 2, { byScore: true, rev: true, offset: 0, count: 1 })).toEqual(['c']);
    expect(await redis.zrank(z, 'b')).toBe(1);
    expect(await redis.zcount(z, 2, '+inf')).toBe(2);
    expect(await redis.zincrby(z, 1, 'a')).toBe(2.5);
    expect(await redis.zpopmin(z)).toEqual(['b', 2]);
    expect(await redis.zrem(z, 'a')).toBe(1);
    expect(await redis.zcard(z)).toBe(1);
  });

  it('expiry', async () => {
    await redis.set(k('e'), 'v');
    expect(await redis.ttl(k('e'))).toBe(-1);
    expect(await redis.expire(k('e'), 100)).toBe(1);
    expect(await redis.ttl(k('e'))).toBeGreaterThan(90);
    expect(await redis.persist(k('e'))).toBe(1);
    expect(await redis.expireat(k('e'), Math.floor(Date.now() / 1000) + 1000)).toBe(1);
    expect(await redis.pttl(k('e'))).toBeGreaterThan(900_000);
    expect(await redis.ttl(k('nothing'))).toBe(-2);
  });

  it('EVAL, SCRIPT LOAD, EVALSHA, SCRIPT EXISTS', async () => {
    const script = `-- ${prefix}\nreturn {KEYS[1], ARGV[1], tonumber(ARGV[2]) * 2}`;
    expect(await redis.eval(script, [k('key')], ['arg', 21])).toEqual([k('key'), 'arg', 42]);
    const sha = await redis.scriptLoad(script);
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await redis.scriptExists(sha, '0'.repeat(40))).toEqual([1, 0]);
    expect(await redis.evalsha(sha, [k('key')], ['x', 1])).toEqual([k('key'), 'x', 2]);
    await expect(redis.evalsha('0'.repeat(40), [], [])).rejects.toThrow(/NOSCRIPT/);
  });

  it('pipelines answer each command, a failing one does not fail the others', async () => {
    const results = await redis
      .pipeline()
      .set(k('p'), 'v')
      .lpush(k('p'), 'x') // WRONGTYPE
      .get(k('p'))
      .incr(k('pn'))
      .exec({ keepErrors: true });
    expect(results.map((entry) => entry.result)).toEqual(['OK', undefined, 'v', 1]);
    expect(results[1]?.error).toMatch(/^WRONGTYPE/);
    await expect(redis.pipeline().get(k('p')).lpush(k('p'), 'x').exec()).rejects.toThrow(/Command 2 \[ lpush \] failed: WRONGTYPE/);
  });

  it('transactions run all commands atomically, runtime errors reported per command', async () => {
    expect(await redis.multi().incr(k('t')).incrby(k('t'), 10).get(k('t')).exec()).toEqual([1, 11, 11]);
    await redis.set(k('tstr'), 'text');
    const results = await redis.multi().incr(k('tstr')).incr(k('t')).exec({ keepErrors: true });
    expect(results[0]?.error).toMatch(/not an integer/);
    expect(results[1]?.result).toBe(12);
  });

  it('many concurrent commands all get their own answer', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => k(`c${i}`));
    await Promise.all(keys.map((key, i) => redis.set(key, `v${i}`)));
    // Only the auto-pipelining proxy has this counter (untyped).
    const pipelines = (): number => (redis as unknown as { pipelineCounter: number }).pipelineCounter;
    const before = enableAutoPipelining ? pipelines() : 0;
    const values = await Promise.all(keys.map((key) => redis.get(key)));
    expect(values).toEqual(keys.map((_, i) => `v${i}`));
    // Auto-pipelining batches a tick's commands into one /pipeline request.
    if (enableAutoPipelining) expect(pipelines() - before).toBeLessThan(5);
  });

  it('read-your-writes: the sync token round-trips', async () => {
    redis.readYourWritesSyncToken = 'token-123';
    await redis.get(k('any'));
    expect(redis.readYourWritesSyncToken).toBe('token-123');
  });
});
