import { describe, expect, inject, it } from 'vitest';

// One suite, two runtimes: the http-node and http-workerd projects serve the users function
// (Node / Miniflare over the wrangler bundle) and provide its URL.
const base = inject('functionUrls')['users'] ?? '';
const runtime = inject('functionRuntime');

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
  it('creates a user (201 + Location) and fetches it back', async () => {
    const handle = uniqueHandle();
    const created = await post(JSON.stringify({ handle, displayName: '  Ada Lovelace ', bio: 'engines' }));
    expect(created.status).toBe(201);
    const user = (await created.json()) as Record<string, string>;
    expect(user).toMatchObject({ handle, displayName: 'Ada Lovelace', bio: 'engines' });
    expect(user['id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(user['createdAt'] ?? '').getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(created.headers.get('location')).toBe(`/users/${user['id']}`);

    const fetched = await fetch(`${base}${created.headers.get('location')}`);
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toEqual(user);
  });

  it('rejects a handle already taken, whatever its case, with 409', async () => {
    const handle = uniqueHandle();
    expect((await post(JSON.stringify({ handle, displayName: 'First' }))).status).toBe(201);
    const again = await post(JSON.stringify({ handle: handle.toUpperCase(), displayName: 'Second' }));
    expect(again.status).toBe(409);
    expect((await problemOf(again))['type']).toBe('https://atlas-edge.dev/problems/handle-taken');
  });

  it('answers malformed JSON with 400 problem+json', async () => {
    const response = await post('{"handle": "abc", ');
    expect(response.status).toBe(400);
    expect((await problemOf(response))['detail']).toMatch(/malformed json/i);
  });

  it('lists every field with a wrong type', async () => {
    const response = await post(JSON.stringify({ handle: 42, displayName: ['x'], bio: false }));
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    const fields = (problem['errors'] as { field: string }[]).map((error) => error.field).sort();
    expect(fields).toEqual(['body.bio', 'body.displayName', 'body.handle']);
  });

  it('rejects unknown fields instead of ignoring them', async () => {
    const response = await post(JSON.stringify({ handle: uniqueHandle(), displayName: 'X', isAdmin: true }));
    expect(response.status).toBe(400);
    expect((await problemOf(response))['errors']).toEqual([{ field: 'body.isAdmin', message: 'Unknown field' }]);
  });

  it('rejects invalid values (handle format, empty display name)', async () => {
    const response = await post(JSON.stringify({ handle: 'no spaces allowed', displayName: '   ' }));
    expect(response.status).toBe(400);
    const fields = ((await problemOf(response))['errors'] as { field: string }[]).map((error) => error.field).sort();
    expect(fields).toEqual(['body.displayName', 'body.handle']);
  });

  it('answers a non-JSON body with 415 and an oversize body with 413', async () => {
    expect((await post(JSON.stringify({ handle: uniqueHandle(), displayName: 'X' }), 'text/plain')).status).toBe(415);
    const huge = await post(JSON.stringify({ handle: uniqueHandle(), displayName: 'X', bio: 'x'.repeat(100_000) }));
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
    const body = (await response.json()) as { status: string; checks: Record<string, { status: string; latencyMs: number; required: boolean }> };
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
