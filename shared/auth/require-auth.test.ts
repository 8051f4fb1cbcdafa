import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppEnv } from '../middleware/app-env.ts';
import { reliabilityErrorHandler } from '../middleware/error-handler.ts';
import { assertActingAs } from './assert-acting-as.ts';
import { requireAuth } from './require-auth.ts';
import { issueToken } from './tokens.ts';

const secret = 'unit-test-secret-unit-test-secret-0123';
const alice = '11111111-1111-4111-8111-111111111111';
const bob = '22222222-2222-4222-8222-222222222222';

/** A function app in miniature: settings in `c.var.auth` (as createFunctionApp sets them). */
function app(withSettings = true) {
  const a = new Hono<AppEnv>();
  a.use(async (c, next) => {
    if (withSettings) c.set('auth', { secret });
    await next();
  });
  a.get('/me', requireAuth(), (c) => c.json({ userId: c.var.userId }));
  a.put('/users/:id/things', requireAuth(), (c) => {
    assertActingAs(c, c.req.param('id'));
    return c.body(null, 204);
  });
  a.get('/open', (c) => {
    assertActingAs(c, alice);
    return c.body(null, 204);
  });
  a.onError(reliabilityErrorHandler());
  return a;
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

async function expectUnauthorized(response: Response, error: 'invalid_token' | undefined, detail: RegExp): Promise<void> {
  expect(response.status).toBe(401);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const challenge = response.headers.get('www-authenticate') ?? '';
  expect(challenge).toMatch(/^Bearer realm="atlas-edge"/);
  if (error) expect(challenge).toContain(`error="${error}"`);
  else expect(challenge).not.toContain('error=');
  const problem = (await response.json()) as { status: number; detail: string };
  expect(problem.status).toBe(401);
  expect(problem.detail).toMatch(detail);
}

describe('requireAuth', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sets c.var.userId from a valid bearer token (scheme case-insensitive)', async () => {
    const token = await issueToken(alice, { secret });
    const response = await app().request('/me', { headers: { authorization: `bearer  ${token}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ userId: alice });
  });

  it('answers 401 with a bare challenge when no bearer token is sent', async () => {
    await expectUnauthorized(await app().request('/me'), undefined, /Bearer/);
    await expectUnauthorized(await app().request('/me', { headers: { authorization: 'Basic YWxpY2U6cHc=' } }), undefined, /Bearer/);
    await expectUnauthorized(await app().request('/me', { headers: { authorization: 'Bearer' } }), undefined, /Bearer/);
  });

  it('answers 401 invalid_token for malformed tokens and bad signatures', async () => {
    await expectUnauthorized(await app().request('/me', bearer('not-a-jwt')), 'invalid_token', /not a JWT/);
    const foreign = await issueToken(alice, { secret: 'a-different-secret-a-different-secret' });
    await expectUnauthorized(await app().request('/me', bearer(foreign)), 'invalid_token', /signature/);
  });

  it('answers 401 invalid_token once the token expired (fake clock)', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-25T12:00:00Z') });
    const token = await issueToken(alice, { secret, ttlSeconds: 300 });
    expect((await app().request('/me', bearer(token))).status).toBe(200);
    vi.advanceTimersByTime(300_000);
    await expectUnauthorized(await app().request('/me', bearer(token)), 'invalid_token', /expired/);
  });

  it('fails closed (500) when the app has no auth settings', async () => {
    const token = await issueToken(alice, { secret });
    expect((await app(false).request('/me', bearer(token))).status).toBe(500);
  });
});

describe('assertActingAs', () => {
  it('lets users act as themselves, whatever the case of the id', async () => {
    const token = await issueToken(alice, { secret });
    expect((await app().request(`/users/${alice.toUpperCase()}/things`, { method: 'PUT', ...bearer(token) })).status).toBe(204);
  });

  it('answers 403 problem+json when acting as someone else', async () => {
    const token = await issueToken(alice, { secret });
    const response = await app().request(`/users/${bob}/things`, { method: 'PUT', ...bearer(token) });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ type: 'https://atlas-edge.dev/problems/forbidden', status: 403 });
  });

  it('answers 401 on a route that forgot requireAuth()', async () => {
    const response = await app().request('/open');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="atlas-edge"');
  });
});
