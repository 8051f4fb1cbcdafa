import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usersFunction } from '#functions/users/index.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { serveFunction } from '#shared/runtime/node/serve-function.ts';
import type { RunningFunction } from '#shared/runtime/node/serve-function.ts';

// The per-user write limit as every function gets it from the platform layer: keyed by the
// verified bearer token, counted in the real Redis, 429 + Retry-After past the limit.

let users: RunningFunction;

beforeAll(async () => {
  users = await serveFunction(usersFunction, {
    config: loadConfig(process.env),
    port: 0,
    drainTimeoutMs: 1000,
    pushMetrics: false,
    env: { ...process.env, RATE_LIMIT_WRITES_PER_MINUTE: '3' },
  });
});

afterAll(async () => {
  await users?.close();
});

async function signUp(name: string): Promise<{ id: string; token: string }> {
  const response = await fetch(`${users.url}/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ handle: `${name}_${crypto.randomUUID().slice(0, 8)}`, password: 'rate-limit-test-password', displayName: name }),
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { user: { id: string }; token: string };
  return { id: body.user.id, token: body.token };
}

describe('per-user write rate limit (platform layer)', () => {
  it('answers 429 with Retry-After after the limit, per user, and leaves reads alone', async () => {
    const [ada, bob, cy] = [await signUp('ada'), await signUp('bob'), await signUp('cy')];
    const follow = (who: { id: string; token: string }, target: string) =>
      fetch(`${users.url}/users/${who.id}/following/${target}`, { method: 'PUT', headers: { authorization: `Bearer ${who.token}` } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await follow(ada, bob.id)).status);
    expect(statuses.every((s) => s === 201 || s === 204 || s === 200)).toBe(true);
    const limited = await follow(ada, bob.id);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(((await limited.json()) as { type: string }).type).toBe('https://atlas-edge.dev/problems/rate-limited');
    // Another user has their own budget; reads are never limited.
    expect([200, 201, 204]).toContain((await follow(cy, bob.id)).status);
    expect((await fetch(`${users.url}/users/${ada.id}`)).status).toBe(200);
    // A forged token is not counted against anyone: it gets the route's 401.
    const forged = await fetch(`${users.url}/users/${ada.id}/following/${bob.id}`, {
      method: 'PUT',
      headers: { authorization: 'Bearer a.b.c' },
    });
    expect(forged.status).toBe(401);
  });
});
