import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../middleware/app-env.ts';
import { reliabilityErrorHandler } from '../middleware/error-handler.ts';
import { requireAuth } from './require-auth.ts';
import type { TokenRevocations } from './token-revocations.ts';
import { issueToken, verifyToken } from './tokens.ts';

const secret = 'unit-test-secret-unit-test-secret-0123';
const alice = '11111111-1111-4111-8111-111111111111';

/** An in-memory revocation list; `failing` makes every check throw (Redis down). */
function memoryRevocations(failing = false): TokenRevocations & { readonly ids: Set<string> } {
  const ids = new Set<string>();
  return {
    ids,
    revoke(tokenId) {
      ids.add(tokenId);
      return Promise.resolve();
    },
    isRevoked(tokenId) {
      return failing ? Promise.reject(new Error('redis down')) : Promise.resolve(ids.has(tokenId));
    },
  };
}

function app(list: TokenRevocations) {
  const a = new Hono<AppEnv>();
  a.use(async (c, next) => {
    c.set('auth', { secret });
    await next();
  });
  a.get('/me', requireAuth({ revocations: () => list }), (c) => c.json({ userId: c.var.userId, tokenId: c.var.token.tokenId }));
  a.onError(reliabilityErrorHandler());
  return a;
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('requireAuth with a revocation list', () => {
  it('refuses a revoked token with 401 invalid_token and keeps accepting the others', async () => {
    const list = memoryRevocations();
    const [revoked, kept] = [await issueToken(alice, { secret }), await issueToken(alice, { secret })];
    const { tokenId } = await verifyToken(revoked, { secret });
    expect((await app(list).request('/me', bearer(revoked))).status).toBe(200);
    await list.revoke(tokenId ?? '', new Date(Date.now() + 60_000));
    const refused = await app(list).request('/me', bearer(revoked));
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/revoked/);
    const accepted = await app(list).request('/me', bearer(kept));
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ userId: alice, tokenId: expect.stringMatching(/^[0-9a-f-]{36}$/) as string });
  });

  it('fails open when the list cannot be read (Redis down): the token is accepted', async () => {
    const token = await issueToken(alice, { secret });
    expect((await app(memoryRevocations(true)).request('/me', bearer(token))).status).toBe(200);
  });
});
