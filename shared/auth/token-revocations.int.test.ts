import { describe, expect, it } from 'vitest';
import { localRedisClients } from '#shared/redis/testing/local-redis-clients.ts';
import { redisTokenRevocations } from './token-revocations.ts';

// The revocation list against the REAL Redis through both adapters (TCP on Node, Upstash REST
// as on workerd): listed until the token's own expiry, pruned after it, one key with a TTL.

const { tcp, rest } = localRedisClients();

describe.each([
  ['tcp', tcp],
  ['rest', rest],
] as const)('redisTokenRevocations over %s', (_name, redis) => {
  it('lists a revoked token until its expiry, prunes expired ones, and gives the key a TTL', async () => {
    const key = `test:revoked:${crypto.randomUUID()}`;
    let now = 1_800_000_000_000;
    const list = redisTokenRevocations(redis, { key, now: () => now });
    const [short, long, never] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    await list.revoke(short, new Date(now + 10_000));
    await list.revoke(long, new Date(now + 3_600_000));
    expect(await list.isRevoked(short)).toBe(true);
    expect(await list.isRevoked(long)).toBe(true);
    expect(await list.isRevoked(never)).toBe(false);

    now += 20_000; // `short` would have expired by now: no longer listed, and pruned by the next revoke
    expect(await list.isRevoked(short)).toBe(false);
    await list.revoke(crypto.randomUUID(), new Date(now + 60_000));
    expect(await redis.eval("return redis.call('ZSCORE', KEYS[1], ARGV[1])", [key], [short])).toBeNull();
    const ttl = Number(await redis.eval("return redis.call('TTL', KEYS[1])", [key], []));
    expect(ttl).toBeGreaterThan(3_500);
    expect(ttl).toBeLessThanOrEqual(3_601);
    await redis.del(key);
  });
});
