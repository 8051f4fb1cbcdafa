import { sign } from 'hono/jwt';
import { describe, expect, inject, it } from 'vitest';
import { issueToken, TOKEN_ISSUER } from '#shared/auth/index.ts';
import { LOCAL_DEFAULTS } from '#shared/config/local-defaults.ts';

// One suite, two runtimes: the http-node and http-workerd projects serve the users function
// (Node / Miniflare over the wrangler bundle) and provide its URL.
const base = inject('functionUrls')['users'] ?? '';
const runtime = inject('functionRuntime');

const PASSWORD = 'correct horse battery staple';
const uniqueHandle = (): string => `t_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

async function post(body: string, contentType = 'application/json'): Promise<Response> {
  return fetch(`${base}/users`, { method: 'POST', headers: { 'content-type': contentType }, body });
}

async function problemOf(response: Response): Promise<Record<string, unknown>> {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await response.json()) as Record<string, unknown>;
  expect(problem['status']).toBe(response.status);
  expect(typeof problem['title']).toBe('string');
  return problem;
}

describe(`users function on ${runtime}`, () => {
  it('signs up a user (201 + Location + token) and fetches the profile back', async () => {
    const handle = uniqueHandle();
    const created = await post(JSON.stringify({ handle, password: PASSWORD, displayName: '  Ada Lovelace ', bio: 'engines' }));
    expect(created.status).toBe(201);
    const body = (await created.json()) as { user: Record<string, string>; token: string; expiresAt: string };
    const user = body.user;
    expect(user).toMatchObject({ handle, displayName: 'Ada Lovelace', bio: 'engines', followerCount: 0, followeeCount: 0 });
    expect(body.token.split('.')).toHaveLength(3);
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 3_600_000);
    expect(user['id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(user['createdAt'] ?? '').getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(created.headers.get('location')).toBe(`/users/${user['id']}`);

    const fetched = await fetch(`${base}${created.headers.get('location')}`);
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toEqual(user);
  });

  it('rejects a handle already taken, whatever its case, with 409', async () => {
    const handle = uniqueHandle();
    expect((await post(JSON.stringify({ handle, password: PASSWORD, displayName: 'First' }))).status).toBe(201);
    const again = await post(JSON.stringify({ handle: handle.toUpperCase(), password: PASSWORD, displayName: 'Second' }));
    expect(again.status).toBe(409);
    expect((await problemOf(again))['type']).toBe('https://atlas-edge.dev/problems/handle-taken');
  });

  it('answers malformed JSON with 400 problem+json', async () => {
    const response = await post('{"handle": "abc", ');
    expect(response.status).toBe(400);
    expect((await problemOf(response))['detail']).toMatch(/malformed json/i);
  });

  it('lists every field with a wrong type', async () => {
    const response = await post(JSON.stringify({ handle: 42, password: 12345678, displayName: ['x'], bio: false }));
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    const fields = (problem['errors'] as { field: string }[]).map((error) => error.field).sort();
    expect(fields).toEqual(['body.bio', 'body.displayName', 'body.handle', 'body.password']);
  });

  it('rejects unknown fields instead of ignoring them', async () => {
    const response = await post(JSON.stringify({ handle: uniqueHandle(), password: PASSWORD, displayName: 'X', isAdmin: true }));
    expect(response.status).toBe(400);
    expect((await problemOf(response))['errors']).toEqual([{ field: 'body.isAdmin', message: 'Unknown field' }]);
  });

  it('rejects invalid values (handle format, empty display name, short password) and a missing password', async () => {
    const response = await post(JSON.stringify({ handle: 'no spaces allowed', password: 'short', displayName: '   ' }));
    expect(response.status).toBe(400);
    const fields = ((await problemOf(response))['errors'] as { field: string }[]).map((error) => error.field).sort();
    expect(fields).toEqual(['body.displayName', 'body.handle', 'body.password']);
    const noPassword = await post(JSON.stringify({ handle: uniqueHandle(), displayName: 'X' }));
    expect(noPassword.status).toBe(400);
    expect((await problemOf(noPassword))['errors']).toEqual([{ field: 'body.password', message: expect.any(String) as string }]);
  });

  it('answers a non-JSON body with 415 and an oversize body with 413', async () => {
    expect((await post(JSON.stringify({ handle: uniqueHandle(), password: PASSWORD, displayName: 'X' }), 'text/plain')).status).toBe(415);
    const huge = await post(JSON.stringify({ handle: uniqueHandle(), password: PASSWORD, displayName: 'X', bio: 'x'.repeat(100_000) }));
    expect(huge.status).toBe(413);
    await problemOf(huge);
  });

  it('answers a bad id with 400 and a missing user with 404, both problem+json', async () => {
    const bad = await fetch(`${base}/users/not-a-uuid`);
    expect(bad.status).toBe(400);
    expect((await problemOf(bad))['errors']).toEqual([{ field: 'param.id', message: 'Invalid UUID' }]);

    const missing = await fetch(`${base}/users/${crypto.randomUUID()}`);
    expect(missing.status).toBe(404);
    expect((await problemOf(missing))['type']).toBe('https://atlas-edge.dev/problems/user-not-found');
  });

  it('answers unknown routes with 404 problem+json', async () => {
    const response = await fetch(`${base}/nope`);
    expect(response.status).toBe(404);
    await problemOf(response);
  });
});

// Both runtimes read JWT_SECRET like this (Node: loadConfig; workerd: wrangler var or override).
const serverSecret = process.env['JWT_SECRET'] ?? LOCAL_DEFAULTS.JWT_SECRET;

interface SignedUp {
  readonly id: string;
  readonly token: string;
}

async function signUp(): Promise<SignedUp> {
  const response = await post(JSON.stringify({ handle: uniqueHandle(), password: PASSWORD, displayName: 'Follower test' }));
  expect(response.status).toBe(201);
  const body = (await response.json()) as { user: { id: string }; token: string };
  return { id: body.user.id, token: body.token };
}

function call(method: string, path: string, token?: string): Promise<Response> {
  return fetch(`${base}${path}`, { method, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
}

async function counts(id: string): Promise<{ followerCount: number; followeeCount: number }> {
  const response = await fetch(`${base}/users/${id}`);
  expect(response.status).toBe(200);
  const { followerCount, followeeCount } = (await response.json()) as { followerCount: number; followeeCount: number };
  return { followerCount, followeeCount };
}

describe(`follow / unfollow on ${runtime}`, () => {
  it('follows and unfollows as yourself, idempotently, keeping both counts exact', async () => {
    const [ada, bob] = [await signUp(), await signUp()];
    const first = await call('PUT', `/users/${ada.id}/following/${bob.id}`, ada.token);
    expect(first.status).toBe(201);
    const follow = (await first.json()) as Record<string, string>;
    expect(follow).toMatchObject({ followerId: ada.id, followeeId: bob.id });
    const again = await call('PUT', `/users/${ada.id}/following/${bob.id.toUpperCase()}`, ada.token);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(follow);
    expect(await counts(ada.id)).toEqual({ followerCount: 0, followeeCount: 1 });
    expect(await counts(bob.id)).toEqual({ followerCount: 1, followeeCount: 0 });

    for (let i = 0; i < 2; i += 1) expect((await call('DELETE', `/users/${ada.id}/following/${bob.id}`, ada.token)).status).toBe(204);
    expect(await counts(ada.id)).toEqual({ followerCount: 0, followeeCount: 0 });
    expect(await counts(bob.id)).toEqual({ followerCount: 0, followeeCount: 0 });
  });

  it('counts one edge under concurrent duplicate follows, and mutual follows do not deadlock', async () => {
    const [ada, bob] = [await signUp(), await signUp()];
    const statuses = await Promise.all(
      Array.from({ length: 8 }, () => call('PUT', `/users/${ada.id}/following/${bob.id}`, ada.token).then((r) => r.status)),
    );
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(7);
    const mutual = await Promise.all([
      call('DELETE', `/users/${ada.id}/following/${bob.id}`, ada.token),
      call('PUT', `/users/${bob.id}/following/${ada.id}`, bob.token),
      call('PUT', `/users/${ada.id}/following/${bob.id}`, ada.token),
    ]);
    expect(mutual.map((r) => r.status).every((status) => status < 300)).toBe(true);
    const following = (await call('GET', `/users/${ada.id}/following`).then((r) => r.json())) as { items: unknown[] };
    expect(await counts(ada.id)).toEqual({ followerCount: 1, followeeCount: following.items.length });
    expect((await counts(bob.id)).followerCount).toBe(following.items.length);
  });

  it('answers 403 when acting as someone else, and changes nothing', async () => {
    const [ada, bob, eve] = [await signUp(), await signUp(), await signUp()];
    for (const method of ['PUT', 'DELETE']) {
      const response = await call(method, `/users/${bob.id}/following/${ada.id}`, eve.token);
      expect(response.status).toBe(403);
      expect((await problemOf(response))['type']).toBe('https://atlas-edge.dev/problems/forbidden');
    }
    expect(await counts(ada.id)).toEqual({ followerCount: 0, followeeCount: 0 });
  });

  it('answers 422 for following yourself, 404 for unknown users, 400 for bad ids', async () => {
    const ada = await signUp();
    const self = await call('PUT', `/users/${ada.id}/following/${ada.id}`, ada.token);
    expect(self.status).toBe(422);
    expect((await problemOf(self))['type']).toBe('https://atlas-edge.dev/problems/cannot-follow-self');
    for (const method of ['PUT', 'DELETE']) {
      const missing = await call(method, `/users/${ada.id}/following/${crypto.randomUUID()}`, ada.token);
      expect(missing.status).toBe(404);
      expect((await problemOf(missing))['type']).toBe('https://atlas-edge.dev/problems/user-not-found');
    }
    const ghost = crypto.randomUUID();
    const ghostToken = await issueToken(ghost, { secret: serverSecret });
    expect((await call('PUT', `/users/${ghost}/following/${ada.id}`, ghostToken)).status).toBe(404);
    const bad = await call('PUT', `/users/${ada.id}/following/not-a-uuid`, ada.token);
    expect(bad.status).toBe(400);
    expect((await problemOf(bad))['errors']).toEqual([{ field: 'param.targetId', message: 'Invalid UUID' }]);
    expect(await counts(ada.id)).toEqual({ followerCount: 0, followeeCount: 0 });
  });

  it('answers 401 + WWW-Authenticate for missing, malformed, badly signed and expired tokens', async () => {
    const [ada, bob] = [await signUp(), await signUp()];
    const now = Math.floor(Date.now() / 1000);
    const tokens: Record<string, string | undefined> = {
      missing: undefined,
      malformed: 'not.a.jwt',
      'bad signature': await issueToken(ada.id, { secret: 'not-the-server-secret-not-the-server-secret' }),
      expired: await sign({ sub: ada.id, iss: TOKEN_ISSUER, iat: now - 120, exp: now - 60 }, serverSecret, 'HS256'),
      'alg none': `${btoa('{"alg":"none","typ":"JWT"}').replace(/=+$/, '')}.${btoa(JSON.stringify({ sub: ada.id, iss: TOKEN_ISSUER, exp: now + 60 })).replace(/=+$/, '')}.`,
    };
    for (const [name, token] of Object.entries(tokens)) {
      const response = await call('PUT', `/users/${ada.id}/following/${bob.id}`, token);
      expect(response.status, name).toBe(401);
      expect(response.headers.get('www-authenticate'), name).toMatch(
        token === undefined ? /^Bearer realm="atlas-edge"$/ : /error="invalid_token"/,
      );
      await problemOf(response);
    }
    expect(await counts(bob.id)).toEqual({ followerCount: 0, followeeCount: 0 });
  });
});

describe(`follower and followee lists on ${runtime}`, () => {
  it('pages newest first with an opaque cursor, without gaps or repeats', async () => {
    const star = await signUp();
    const fans: SignedUp[] = [];
    for (let i = 0; i < 5; i += 1) {
      const fan = await signUp();
      expect((await call('PUT', `/users/${fan.id}/following/${star.id}`, fan.token)).status).toBe(201);
      fans.push(fan);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await call('GET', `/users/${star.id}/followers?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: { id: string; followedAt: string }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
      if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(fans.map((fan) => fan.id).reverse());

    const following = await call('GET', `/users/${fans[0]?.id}/following`);
    expect(await following.json()).toMatchObject({ items: [{ id: star.id }], nextCursor: null });
    expect(await call('GET', `/users/${star.id}/following`).then((r) => r.json())).toEqual({ items: [], nextCursor: null });
  });

  it('answers 400 for bad cursors and limits, 404 for unknown users', async () => {
    const ada = await signUp();
    const wrongShape = btoa(JSON.stringify({ at: 'yesterday', id: 'x' })).replace(/=+$/, '');
    for (const cursor of ['%%%', 'bm90LWpzb24', wrongShape, 'x'.repeat(600)]) {
      const response = await call('GET', `/users/${ada.id}/followers?cursor=${cursor}`);
      expect(response.status, cursor).toBe(400);
      const problem = await problemOf(response);
      expect((problem['errors'] as { field: string }[])[0]?.field, cursor).toBe('query.cursor');
    }
    for (const limit of ['0', '101', 'ten'])
      expect((await call('GET', `/users/${ada.id}/following?limit=${limit}`)).status, limit).toBe(400);
    expect((await call('GET', `/users/${crypto.randomUUID()}/followers`)).status).toBe(404);
  });
});

describe(`users health routes on ${runtime}`, () => {
  it('/health and /health/live answer without touching dependencies', async () => {
    for (const path of ['/health', '/health/live']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'pass', function: 'users', runtime });
    }
  });

  it('/health/ready reports the required dependency', async () => {
    const response = await fetch(`${base}/health/ready`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; checks: Record<string, { status: string; required: boolean }> };
    expect(body.status).toBe('pass');
    expect(Object.keys(body.checks)).toEqual(['postgres']);
    expect(body.checks['postgres']).toMatchObject({ status: 'pass', required: true });
  });

  it('/health/deep checks every dependency with status and latency', async () => {
    const response = await fetch(`${base}/health/deep`);
    const body = (await response.json()) as {
      status: string;
      checks: Record<string, { status: string; latencyMs: number; required: boolean }>;
    };
    expect(response.status).toBe(200);
    expect(Object.keys(body.checks).sort()).toEqual(['kafka', 'postgres', 'redis', 's3']);
    for (const [name, check] of Object.entries(body.checks)) {
      expect(check.status, `${name}: ${JSON.stringify(check)}`).toBe('pass');
      expect(check.latencyMs).toBeGreaterThanOrEqual(0);
      expect(check.latencyMs).toBeLessThan(2000);
      expect(check.required).toBe(name === 'postgres');
    }
    expect(body.status).toBe('pass');
  });
});
