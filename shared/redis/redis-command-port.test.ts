import { describe, expect, it } from 'vitest';
import { createCommandRedisPort } from './redis-command-port.ts';
import { RedisError } from './redis-error.ts';
import type { RedisCommandTransport } from './redis-transport.ts';
import type { RedisReply } from './redis.port.ts';

/** A transport that records what it is asked and answers from a script. */
function fakeTransport(answer: (argv: readonly string[]) => RedisReply | RedisError = () => 'OK') {
  const sent: string[][] = [];
  const transport: RedisCommandTransport = {
    async send(argv) {
      sent.push([...argv]);
      const reply = answer(argv);
      if (reply instanceof RedisError) throw reply;
      return reply;
    },
    async close() {},
  };
  return { sent, redis: createCommandRedisPort(transport) };
}

describe('createCommandRedisPort', () => {
  it('builds SET with EX and NX and reads nil as "not written"', async () => {
    const { sent, redis } = fakeTransport(() => null);
    await expect(redis.set('k', 'v', { ttlSeconds: 60, onlyIfAbsent: true })).resolves.toBe(false);
    expect(sent).toEqual([['SET', 'k', 'v', 'EX', '60', 'NX']]);
  });

  it('skips the round trip for empty mget / del / zadd', async () => {
    const { sent, redis } = fakeTransport();
    expect(await redis.mget([])).toEqual([]);
    expect(await redis.del([])).toBe(0);
    expect(await redis.zadd('z', [])).toBe(0);
    expect(sent).toEqual([]);
  });

  it('rejects bad arguments as command errors before sending anything', async () => {
    const { sent, redis } = fakeTransport();
    await expect(redis.set('k', 'v', { ttlSeconds: 1.5 })).rejects.toMatchObject({ code: 'command' });
    await expect(redis.incr('k', { by: Number.NaN })).rejects.toMatchObject({ code: 'command' });
    await expect(redis.pushCapped('k', ['a'], 0)).rejects.toMatchObject({ code: 'command' });
    await expect(redis.pushCapped('k', Array.from({ length: 1001 }, String), 10)).rejects.toMatchObject({ code: 'command' });
    await expect(redis.zrevrangeByScore('z', { max: Number.NaN })).rejects.toMatchObject({ code: 'command' });
    expect(sent).toEqual([]);
  });

  it('drops calls whose signal already aborted', async () => {
    const { sent, redis } = fakeTransport();
    await expect(redis.get('k', { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'aborted', transient: false });
    expect(sent).toEqual([]);
  });

  it('sends EVALSHA, loads the script with EVAL on NOSCRIPT, then sticks to EVALSHA', async () => {
    const loaded = new Set<string>();
    const { sent, redis } = fakeTransport((argv) => {
      if (argv[0] === 'EVALSHA' && !loaded.has(argv[1] as string)) return new RedisError('command', 'NOSCRIPT No matching script.');
      if (argv[0] === 'EVAL') loaded.add('e0e1f9fabfc9d4800c877a703b823ac0578ff8db');
      return 1;
    });
    await expect(redis.eval('return 1', ['a'], [2])).resolves.toBe(1);
    await expect(redis.eval('return 1', ['a'], [3])).resolves.toBe(1);
    expect(sent).toEqual([
      ['EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '1', 'a', '2'],
      ['EVAL', 'return 1', '1', 'a', '2'],
      ['EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '1', 'a', '3'],
    ]);
  });

  it('does not fall back to EVAL for other script errors', async () => {
    const { sent, redis } = fakeTransport(() => new RedisError('command', 'ERR user_script:1: boom'));
    await expect(redis.eval('return 1', [], [])).rejects.toThrow('boom');
    expect(sent).toHaveLength(1);
  });

  it('pages sorted sets with an exclusive cursor and LIMIT, parsing infinite scores', async () => {
    const { sent, redis } = fakeTransport(() => ['a', 'inf', 'b', '-1.5']);
    await expect(redis.zrevrangeByScore('z', { max: 10, exclusiveMax: true, count: 2 })).resolves.toEqual([
      { member: 'a', score: Infinity },
      { member: 'b', score: -1.5 },
    ]);
    await redis.zrevrangeByScore('z', { min: 3, offset: 4 });
    expect(sent).toEqual([
      ['ZREVRANGEBYSCORE', 'z', '(10', '-inf', 'WITHSCORES', 'LIMIT', '0', '2'],
      ['ZREVRANGEBYSCORE', 'z', '+inf', '3', 'WITHSCORES', 'LIMIT', '4', '-1'],
    ]);
  });

  it('uses one script call for capped pushes and capped zadd', async () => {
    const { sent, redis } = fakeTransport(() => 2);
    await redis.pushCapped('t', ['p1', 'p2'], 800);
    await redis.zadd('z', [{ score: 1, member: 'm' }], { maxLength: 5 });
    expect(sent.map((argv) => [argv[0], ...argv.slice(2)])).toEqual([
      ['EVALSHA', '1', 't', '800', 'p1', 'p2'],
      ['EVALSHA', '1', 'z', '5', '1', 'm'],
    ]);
  });

  it('reports replies of the wrong shape as protocol errors', async () => {
    const { redis } = fakeTransport(() => 'not-an-integer');
    await expect(redis.incr('k')).rejects.toMatchObject({ code: 'protocol' });
    await expect(redis.lrange('k', 0, 1)).rejects.toMatchObject({ code: 'protocol' });
  });

  it('closes the transport once', async () => {
    let closes = 0;
    const redis = createCommandRedisPort({ send: async () => 'OK', close: async () => void closes++ });
    await Promise.all([redis.close(), redis.close()]);
    expect(closes).toBe(1);
  });
});
