import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSetting } from '#shared/config/local-defaults.ts';
import { redisTokenRevocations } from '#shared/auth/token-revocations.ts';
import { createUpstashRedis } from '#shared/redis/adapters/upstash.adapter.ts';
import type { RedisPort } from '#shared/redis/redis.port.ts';
import { writeFeeds } from '#functions/timeline/fan-out/feed-writes.ts';
import { readFeeds, rebuildFeed } from '#functions/timeline/store/feed-store.ts';
import { TEST_REST_USER, startPrivateRedis, type PrivateRedis } from '../testing/private-redis.ts';
import { createRedisRestServer, type RedisRestServer } from './server.ts';

// The endpoint logged in as its own ACL user, in front of a redis-server started from the
// launcher's generated config (a private instance: a refusal that failed would wipe it, not
// the shared one). Scripts are where the allow-list cannot look; the ACL must.

const token = localSetting('REDIS_REST_TOKEN', process.env);
/** Redis 7.0's ACL refusal inside a script (NOPERM in later versions). */
const ACL_REFUSAL = /NOPERM|no permissions|can't run this command/i;
const signal = new AbortController().signal;
let redis: PrivateRedis;
let endpoint: RedisRestServer;
let admin: Redis; // the default user over TCP, as the functions' TCP clients connect
let port: RedisPort;

beforeAll(async () => {
  redis = await startPrivateRedis();
  const { user, password } = TEST_REST_USER;
  endpoint = await createRedisRestServer({ redisUrl: `redis://${user}:${password}@127.0.0.1:${redis.port}`, token, port: 0 });
  admin = new Redis({ port: redis.port, host: '127.0.0.1' });
  port = createUpstashRedis({ url: endpoint.url, token });
});
afterAll(async () => {
  await port.close();
  admin.disconnect();
  await endpoint.close();
  await redis.close();
});

async function rest(argv: readonly (string | number)[]): Promise<{ result?: unknown; error?: string }> {
  const response = await fetch(`${endpoint.url}/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify(argv),
  });
  return (await response.json()) as { result?: unknown; error?: string };
}

describe('Redis REST endpoint as its ACL user: scripts cannot administer Redis', () => {
  it.each([
    ['FLUSHALL', "return redis.call('FLUSHALL')"],
    ['FLUSHDB', "return redis.call('FLUSHDB')"],
    ['FLUSHALL ASYNC via pcall', "return redis.pcall('FLUSHALL', 'ASYNC')"],
  ])('EVAL calling %s is refused and the data survives', async (_name, script) => {
    await admin.set('acl:survivor', 'still here');
    const answer = await rest(['EVAL', script, 0]);
    expect(answer.error ?? JSON.stringify(answer.result)).toMatch(ACL_REFUSAL);
    expect(await admin.get('acl:survivor')).toBe('still here');
    expect(await admin.dbsize()).toBeGreaterThan(0);
  });

  it.each([
    ['CONFIG SET dir', ['CONFIG', 'SET', 'dir', '/tmp']],
    ['CONFIG SET maxmemory', ['CONFIG', 'SET', 'maxmemory', '0']],
    ['DEBUG SLEEP', ['DEBUG', 'SLEEP', '0']],
    ['REPLICAOF', ['REPLICAOF', '127.0.0.1', '1']],
    ['ACL SETUSER', ['ACL', 'SETUSER', 'atlas-rest', '+@all']],
    ['SCRIPT FLUSH', ['SCRIPT', 'FLUSH']],
    ['RESTORE', ['RESTORE', 'acl:restored', '0', 'x']],
  ])('EVAL calling %s is refused and changes nothing', async (_name, argv) => {
    const before = { dir: await admin.config('GET', 'dir'), maxmemory: await admin.config('GET', 'maxmemory'), role: await admin.role() };
    const script = `return redis.call(${argv.map((arg) => `'${arg}'`).join(', ')})`;
    const answer = await rest(['EVAL', script, 0]);
    expect(answer.result).toBeUndefined();
    // CONFIG, DEBUG and REPLICAOF are also `noscript` in Redis; the others only the ACL refuses.
    expect(answer.error).toMatch(new RegExp(`${ACL_REFUSAL.source}|not allowed from script`, 'i'));
    expect({ dir: await admin.config('GET', 'dir'), maxmemory: await admin.config('GET', 'maxmemory'), role: await admin.role() }).toEqual(
      before,
    );
    expect(await admin.exists('acl:restored')).toBe(0);
  });

  it('the default user (the TCP clients) keeps every command', async () => {
    expect(await admin.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lru']);
    expect(await admin.call('ACL', 'WHOAMI')).toBe('default');
  });
});

describe("the platform's scripts and commands still work through the endpoint as its ACL user", () => {
  it('fan-out writes, feed rebuilds and the multi-feed read', async () => {
    const [feedA, feedB] = [`acl:feed:${crypto.randomUUID()}`, `acl:feed:${crypto.randomUUID()}`];
    await rebuildFeed(port, feedA, 3, async () => [{ score: 500, postId: 'p0' }], signal);
    await rebuildFeed(port, feedB, 3, async () => [], signal);
    const entries = [
      { score: 1_000, postId: 'p1' },
      { score: 2_000, postId: 'p2' },
    ];
    const written = await writeFeeds(
      port,
      entries,
      [
        { key: feedA, entries: [0, 1] },
        { key: feedB, entries: [1] },
      ],
      { cap: 3, signal },
    );
    expect(written).toBe(3);
    const [readA, readB] = await readFeeds(port, [feedA, feedB], { want: 10, signal });
    expect(readA?.entries.map((entry) => entry.postId)).toEqual(['p2', 'p1', 'p0']);
    expect(readB?.entries.map((entry) => entry.postId)).toEqual(['p2']);
    expect(await admin.ttl(feedA)).toBeGreaterThan(0);
  });

  it('the revocation list script, KEYS-based cleanup and PUBLISH', async () => {
    const revocations = redisTokenRevocations(port, { key: `acl:revoked:${crypto.randomUUID()}` });
    await revocations.revoke('jti-1', new Date(Date.now() + 60_000), signal);
    expect(await revocations.isRevoked('jti-1', signal)).toBe(true);
    expect((await rest(['EVAL', "return #redis.call('KEYS', ARGV[1])", 0, 'acl:revoked:*'])).result).toBe(1);
    expect((await rest(['PUBLISH', 'acl:channel', 'hello'])).result).toBe(0);
  });
});
