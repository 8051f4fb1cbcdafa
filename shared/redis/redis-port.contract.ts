import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRedisError, type RedisErrorCode } from './redis-error.ts';
import type { RedisPort } from './redis.port.ts';

/** How the contract suite gets adapters to test. */
export interface RedisPortContractOptions {
  /** The adapter under test, connected to the live Redis (directly or through REST). */
  readonly connect: () => RedisPort | Promise<RedisPort>;
  /** The same adapter pointed at an address where nothing listens. */
  readonly connectUnreachable: () => RedisPort | Promise<RedisPort>;
  /** The same adapter pointed at a server that accepts connections and never answers. */
  readonly connectUnresponsive: () => Promise<{ readonly redis: RedisPort; close(): Promise<void> }>;
}

const TTL_SCRIPT = "return redis.call('TTL', KEYS[1])";

async function expectRedisError(work: Promise<unknown>, code: RedisErrorCode): Promise<Error> {
  const error = await work.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(isRedisError(error), `expected a RedisError, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  return error as Error;
}

/**
 * Defines the behaviour every {@link RedisPort} adapter must have, as vitest tests. Call it
 * from an adapter's `*.int.test.ts`; keys get a unique prefix, so runs never collide.
 */
export function defineRedisPortContract(name: string, options: RedisPortContractOptions): void {
  describe(`RedisPort contract: ${name}`, () => {
    let redis: RedisPort;
    const prefix = `contract:${name}:${crypto.randomUUID()}:`;
    const key = (suffix: string): string => prefix + suffix;
    const written = new Set<string>();
    const track = (suffix: string): string => {
      written.add(key(suffix));
      return key(suffix);
    };

    beforeAll(async () => {
      redis = await options.connect();
    });
    afterAll(async () => {
      await redis.del([...written]);
      await redis.close();
    });

    it('answers ping', async () => {
      await expect(redis.ping()).resolves.toBeUndefined();
    });

    it('round-trips strings byte for byte, unicode and empty included', async () => {
      for (const [suffix, value] of [
        ['s1', 'héllo wörld 🌍'],
        ['s2', ''],
        ['s3', '{"id":42,"n":"OK"}'],
        ['s4', 'OK'],
      ] as const) {
        await expect(redis.set(track(suffix), value)).resolves.toBe(true);
        await expect(redis.get(key(suffix))).resolves.toBe(value);
      }
      await expect(redis.get(key('never-written'))).resolves.toBeNull();
    });

    it('set onlyIfAbsent writes once and reports whether it wrote (idempotency keys)', async () => {
      const k = track('nx');
      await expect(redis.set(k, 'first', { onlyIfAbsent: true, ttlSeconds: 60 })).resolves.toBe(true);
      await expect(redis.set(k, 'second', { onlyIfAbsent: true, ttlSeconds: 60 })).resolves.toBe(false);
      await expect(redis.get(k)).resolves.toBe('first');
    });

    it('set with ttlSeconds expires the key; expire sets a ttl on existing keys only', async () => {
      const k = track('ttl');
      await redis.set(k, 'v', { ttlSeconds: 100 });
      const ttl = await redis.eval(TTL_SCRIPT, [k], []);
      expect(ttl).toBeGreaterThan(90);
      expect(ttl).toBeLessThanOrEqual(100);
      await expect(redis.expire(k, 500)).resolves.toBe(true);
      expect(await redis.eval(TTL_SCRIPT, [k], [])).toBeGreaterThan(400);
      await expect(redis.expire(key('missing'), 5)).resolves.toBe(false);
      await expect(redis.set(k, 'v', { ttlSeconds: 0 })).rejects.toMatchObject({ code: 'command' });
    });

    it('mget keeps key order with null for missing keys; empty input costs nothing', async () => {
      await redis.set(track('m1'), 'one');
      await redis.set(track('m3'), 'three');
      await expect(redis.mget([key('m1'), key('m2'), key('m3')])).resolves.toEqual(['one', null, 'three']);
      await expect(redis.mget([])).resolves.toEqual([]);
    });

    it('del counts the keys that existed', async () => {
      await redis.set(track('d1'), 'x');
      await redis.set(track('d2'), 'x');
      await expect(redis.del([key('d1'), key('d2'), key('d3')])).resolves.toBe(2);
      await expect(redis.del(key('d1'))).resolves.toBe(0);
      await expect(redis.del([])).resolves.toBe(0);
    });

    it('incr counts from zero, by any integer, and refuses non-integers', async () => {
      const k = track('counter');
      await expect(redis.incr(k)).resolves.toBe(1);
      await expect(redis.incr(k, { by: 41 })).resolves.toBe(42);
      await expect(redis.incr(k, { by: -2 })).resolves.toBe(40);
      await redis.set(track('text'), 'abc');
      await expectRedisError(redis.incr(key('text')), 'command');
    });

    it('pushCapped keeps the newest maxLength entries, newest first', async () => {
      const k = track('timeline');
      await expect(redis.pushCapped(k, ['p1', 'p2', 'p3'], 4)).resolves.toBe(3);
      await expect(redis.pushCapped(k, ['p4', 'p5'], 4)).resolves.toBe(4);
      await expect(redis.lrange(k, 0, -1)).resolves.toEqual(['p5', 'p4', 'p3', 'p2']);
      await expect(redis.lrange(k, 1, 2)).resolves.toEqual(['p4', 'p3']);
      await expect(redis.pushCapped(k, [], 4)).resolves.toBe(4);
      await expect(redis.lrange(key('no-list'), 0, -1)).resolves.toEqual([]);
    });

    it('pushCapped holds a home timeline at 800 under concurrent fan-out', async () => {
      const k = track('home');
      const pushes = Array.from({ length: 50 }, (_, batch) =>
        redis.pushCapped(
          k,
          Array.from({ length: 20 }, (_, i) => `post-${batch * 20 + i}`),
          800,
        ),
      );
      const lengths = await Promise.all(pushes);
      expect(Math.max(...lengths)).toBe(800);
      expect(await redis.lrange(k, 0, -1)).toHaveLength(800);
    });

    it('zadd with maxLength keeps the highest scores; zrevrangeByScore pages by cursor', async () => {
      const k = track('zset');
      const members = [1, 2, 3, 4, 5].map((score) => ({ score, member: `m${score}` }));
      await expect(redis.zadd(k, members, { maxLength: 4 })).resolves.toBe(5);
      const all = await redis.zrevrangeByScore(k);
      expect(all.map((entry) => entry.member)).toEqual(['m5', 'm4', 'm3', 'm2']);
      expect(all[0]).toEqual({ member: 'm5', score: 5 });
      const page = await redis.zrevrangeByScore(k, { max: 4, exclusiveMax: true, count: 2 });
      expect(page).toEqual([
        { member: 'm3', score: 3 },
        { member: 'm2', score: 2 },
      ]);
      await expect(redis.zrevrangeByScore(k, { min: 4, offset: 1 })).resolves.toEqual([{ member: 'm4', score: 4 }]);
      await expect(redis.zadd(k, [{ score: 2.5, member: 'm5' }])).resolves.toBe(0);
      await expect(redis.zrevrangeByScore(k, { max: 3 })).resolves.toContainEqual({ member: 'm5', score: 2.5 });
    });

    it('eval runs scripts atomically and returns RESP2-shaped values', async () => {
      const unique = `-- ${crypto.randomUUID()}\n`; // a script the server has never cached
      const script = `${unique}redis.call('SET', KEYS[1], ARGV[1]) return {redis.call('GET', KEYS[1]), 7, false, {ARGV[2]}}`;
      await expect(redis.eval(script, [track('eval')], ['v', 3])).resolves.toEqual(['v', 7, null, ['3']]);
      await expect(redis.eval(script, [key('eval')], ['w', 'x'])).resolves.toEqual(['w', 7, null, ['x']]);
      await expect(redis.eval('return nil', [], [])).resolves.toBeNull();
      await expectRedisError(redis.eval("return redis.call('NOPE')", [], []), 'command');
    });

    it('maps error replies to command errors and keeps working afterwards', async () => {
      await redis.set(track('string'), 'v');
      const error = await expectRedisError(redis.lrange(key('string'), 0, 1), 'command');
      expect(error.message).toMatch(/^WRONGTYPE/);
      expect(error.message).not.toContain(key('string')); // keys stay out of error messages
      await expect(redis.get(key('string'))).resolves.toBe('v');
    });

    it('drops calls whose signal already aborted, without sending them', async () => {
      const k = key('aborted');
      await expectRedisError(redis.set(k, 'v', { signal: AbortSignal.abort() }), 'aborted');
      const reason = new DOMException('deadline', 'TimeoutError');
      await expectRedisError(redis.set(k, 'v', { signal: AbortSignal.abort(reason) }), 'timeout');
      await expect(redis.get(k)).resolves.toBeNull();
    });

    it('gives each concurrent call its own signal', async () => {
      await redis.set(track('shared'), 'v');
      const controllers = Array.from({ length: 10 }, () => new AbortController());
      const calls = controllers.map((controller) => redis.get(key('shared'), { signal: controller.signal }));
      controllers.forEach((controller, i) => {
        if (i % 2 === 0) controller.abort();
      });
      const outcomes = await Promise.allSettled(calls);
      outcomes.forEach((outcome, i) => {
        if (i % 2 === 0) expect(outcome).toMatchObject({ status: 'rejected', reason: { code: 'aborted' } });
        else expect(outcome).toEqual({ status: 'fulfilled', value: 'v' });
      });
    });

    it('fails fast with unavailable when nothing listens (no hang, no retries)', async () => {
      const down = await options.connectUnreachable();
      try {
        for (const call of [() => down.ping(), () => down.get('k'), () => down.set('k', 'v')]) {
          const started = performance.now();
          await expectRedisError(call(), 'unavailable');
          expect(performance.now() - started).toBeLessThan(1000);
        }
      } finally {
        await down.close();
      }
    });

    it('stops waiting for a server that never answers when the signal times out', async () => {
      const { redis: hung, close } = await options.connectUnresponsive();
      try {
        const started = performance.now();
        await expectRedisError(hung.get('k', { signal: AbortSignal.timeout(200) }), 'timeout');
        expect(performance.now() - started).toBeLessThan(1500);
      } finally {
        await hung.close();
        await close();
      }
    });

    it('rejects calls after close with unavailable', async () => {
      const closing = await options.connect();
      await closing.ping();
      await closing.close();
      await expect(closing.close()).resolves.toBeUndefined();
      await expectRedisError(closing.get(key('after-close')), 'unavailable');
    });
  });
}
