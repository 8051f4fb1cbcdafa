import { describe, expect, inject, it } from 'vitest';

// Login (and logout) on both runtimes: the http-node and http-workerd projects serve the users
// function and provide its URL.
const base = inject('functionUrls')['users'] ?? '';
const postsBase = inject('functionUrls')['posts'] ?? '';
const runtime = inject('functionRuntime');

const PASSWORD = 'correct horse battery staple';
const uniqueHandle = (): string => `a_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

function postJson(path: string, body: unknown, token?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  return fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
}

async function signUp(handle = uniqueHandle()): Promise<{ handle: string; id: string; token: string }> {
  const response = await postJson('/users', { handle, password: PASSWORD, displayName: 'Account test' });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { user: { id: string }; token: string };
  return { handle, id: body.user.id, token: body.token };
}

/** Status and body of a failed login, minus the per-request fields. */
async function failure(response: Response): Promise<unknown> {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const { requestId: _requestId, instance: _instance, ...rest } = (await response.json()) as Record<string, unknown>;
  return { status: response.status, ...rest };
}

describe(`login on ${runtime}`, () => {
  it('logs in with handle (any case) and password, and the new token acts as the user', async () => {
    const ada = await signUp();
    const response = await postJson('/sessions', { handle: ada.handle.toUpperCase(), password: PASSWORD });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user: { id: string; handle: string }; token: string; expiresAt: string };
    expect(body.user).toMatchObject({ id: ada.id, handle: ada.handle });
    expect(body.token).not.toBe(ada.token);
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 3_600_000);
    const bob = await signUp();
    const follow = await fetch(`${base}/users/${ada.id}/following/${bob.id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(follow.status).toBe(201);
  });

  it('answers a wrong password and an unknown handle alike: same status, body and comparable time', async () => {
    const ada = await signUp();
    const timed = async (body: unknown): Promise<{ failure: unknown; ms: number }> => {
      const started = performance.now();
      const response = await postJson('/sessions', body);
      return { failure: await failure(response), ms: performance.now() - started };
    };
    // Warm both paths once, then alternate so drift hits both alike.
    await timed({ handle: ada.handle, password: 'wrong password' });
    await timed({ handle: uniqueHandle(), password: PASSWORD });
    const wrong: number[] = [];
    const unknown: number[] = [];
    let wrongFailure: unknown;
    let unknownFailure: unknown;
    for (let i = 0; i < 4; i += 1) {
      const a = await timed({ handle: ada.handle, password: `wrong password ${i}` });
      const b = await timed({ handle: uniqueHandle(), password: PASSWORD });
      wrong.push(a.ms);
      unknown.push(b.ms);
      [wrongFailure, unknownFailure] = [a.failure, b.failure];
    }
    expect(wrongFailure).toMatchObject({ status: 401, type: 'https://atlas-edge.dev/problems/invalid-credentials' });
    expect(unknownFailure).toEqual(wrongFailure);
    const median = (values: number[]): number => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0;
    // Both pay one full-cost hash (~0.1 s): an unknown handle without the dummy hash would answer in ~1 ms.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.5);
    expect(median(unknown)).toBeLessThan(median(wrong) * 2);
  });

  it('validates the body: 400 for a missing password or bad handle, 415 for non-JSON', async () => {
    expect((await postJson('/sessions', { handle: 'ada_lovelace' })).status).toBe(400);
    expect((await postJson('/sessions', { handle: 'no spaces', password: PASSWORD })).status).toBe(400);
    expect((await postJson('/sessions', { handle: 'ada_lovelace', password: PASSWORD, extra: 1 })).status).toBe(400);
    const text = await fetch(`${base}/sessions`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(text.status).toBe(415);
  });
});

describe(`logout on ${runtime}`, () => {
  it('revokes exactly the token it was called with, on every function, and only once', async () => {
    const ada = await signUp();
    const bob = await signUp();
    const other = ((await (await postJson('/sessions', { handle: ada.handle, password: PASSWORD })).json()) as { token: string }).token;
    const logout = (token: string) =>
      fetch(`${base}/sessions/current`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect((await logout(ada.token)).status).toBe(204);

    const follow = await fetch(`${base}/users/${ada.id}/following/${bob.id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ada.token}` },
    });
    expect(follow.status).toBe(401);
    expect(follow.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    expect(((await follow.json()) as { detail: string }).detail).toMatch(/revoked/);
    const post = await fetch(`${postsBase}/posts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ada.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'after logout' }),
    });
    expect(post.status).toBe(401);
    expect((await logout(ada.token)).status).toBe(401);

    // The session from the login is another token: still valid.
    const followed = await fetch(`${base}/users/${ada.id}/following/${bob.id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${other}` },
    });
    expect(followed.status).toBe(201);
  });

  it('answers 401 without a token', async () => {
    expect((await fetch(`${base}/sessions/current`, { method: 'DELETE' })).status).toBe(401);
  });
});
