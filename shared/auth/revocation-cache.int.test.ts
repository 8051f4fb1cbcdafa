import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { localRedisClients } from '../redis/testing/local-redis-clients.ts';
import type { AppEnv } from '../middleware/app-env.ts';
import { reliabilityErrorHandler } from '../middleware/error-handler.ts';
import type { RedisPort } from '../redis/redis.port.ts';
import { NOT_REVOKED_TTL_MS, cachedTokenRevocations, revocationMemory } from './revocation-cache.ts';
import { requireAuth } from './require-auth.ts';
import { redisTokenRevocations } from './token-revocations.ts';
import { issueToken, verifyToken } from './tokens.ts';

// Logout against the REAL Redis through both adapters, with two instances that each remember
// answers: the instance that logs the token out refuses it at once, the other within the
// documented revocation delay (NOT_REVOKED_TTL_MS), never later.

const secret = 'integration-test-secret-0123456789abcdef';
const { tcp, rest } = localRedisClients();

/** One function instance: its own memory in front of the shared list in Redis. */
function instance(redis: RedisPort, key: string) {
  const list = cachedTokenRevocations(redisTokenRevocations(redis, { key }), revocationMemory());
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('auth', { secret });
    await next();
  });
  app.get('/me', requireAuth({ revocations: () => list }), (c) => c.json({ userId: c.var.userId }));
  app.onError(reliabilityErrorHandler());
  const read = async (token: string): Promise<number> =>
    (await app.request('/me', { headers: { authorization: `Bearer ${token}` } })).status;
  return { list, read };
}

describe.each([
  ['tcp', tcp],
  ['rest', rest],
] as const)('a logged-out token over %s', (_name, redis) => {
  it('is refused at once where it logged out, and within the revocation delay everywhere else', async () => {
    const key = `test:revoked:${crypto.randomUUID()}`;
    const [reader, writer] = [instance(redis, key), instance(redis, key)];
    const token = await issueToken(crypto.randomUUID(), { secret });
    const { tokenId, expiresAt } = await verifyToken(token, { secret });
    expect(await reader.read(token)).toBe(200); // the reader now remembers "not revoked"
    expect(await writer.read(token)).toBe(200);

    await writer.list.revoke(tokenId ?? '', expiresAt);
    const revokedAt = performance.now();
    expect(await writer.read(token)).toBe(401);
    let refusedAfterMs = Number.NaN;
    while (performance.now() - revokedAt < NOT_REVOKED_TTL_MS + 1_000) {
      if ((await reader.read(token)) === 401) {
        refusedAfterMs = performance.now() - revokedAt;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(refusedAfterMs).toBeLessThanOrEqual(NOT_REVOKED_TTL_MS + 100);
    expect(await reader.read(token)).toBe(401);
    await redis.del(key);
  });
});
