import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/config/app-config.ts';
import { serveFunction } from '#shared/runtime/node/serve-function.ts';
import type { RunningFunction } from '#shared/runtime/node/serve-function.ts';
import { usersFunction } from './index.ts';

// Sign-up and login throttled per client address, counted in the real Redis: 429 problem+json
// with Retry-After past the limit, each address (the last X-Forwarded-For hop, as the gateway
// appends it) with its own budget, and sign-up and login counted apart.

const LIMIT = 3;
let users: RunningFunction;

beforeAll(async () => {
  users = await serveFunction(usersFunction, {
    config: loadConfig(process.env),
    port: 0,
    drainTimeoutMs: 1000,
    pushMetrics: false,
    env: { ...process.env, AUTH_RATE_LIMIT_PER_MINUTE: String(LIMIT) },
  });
});

afterAll(async () => {
  await users?.close();
});

/** A fresh address per run, so a rerun within the minute does not start from a spent budget. */
const address = (): string =>
  `198.51.100.${Math.floor(Math.random() * 250) + 1}, 10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

function post(path: string, body: unknown, forwardedFor: string): Promise<Response> {
  return fetch(`${users.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify(body),
  });
}

const signUpBody = () => ({
  handle: `thr_${crypto.randomUUID().slice(0, 8)}`,
  password: 'throttle-test-password',
  displayName: 'Throttle',
});

describe('sign-up and login throttle (per client address)', () => {
  it('answers 429 + Retry-After problem+json past the limit, per address and per action', async () => {
    const client = address();
    for (let i = 0; i < LIMIT; i += 1) expect((await post('/users', signUpBody(), client)).status).toBe(201);
    const limited = await post('/users', signUpBody(), client);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('content-type')).toBe('application/problem+json');
    expect(((await limited.json()) as { type: string }).type).toBe('https://atlas-edge.dev/problems/rate-limited');

    // What the client writes before the trusted hop does not give it a new budget.
    expect((await post('/users', signUpBody(), `203.0.113.9, ${client}`)).status).toBe(429);
    // Another address has its own budget; login is counted apart from sign-up.
    expect((await post('/users', signUpBody(), address())).status).toBe(201);
    const nobody = `nb_${crypto.randomUUID().slice(0, 8)}`;
    const login = () => post('/sessions', { handle: nobody, password: 'whatever-it-is' }, client);
    for (let i = 0; i < LIMIT; i += 1) expect((await login()).status).toBe(401);
    expect((await login()).status).toBe(429);
  });
});

describe('login throttle per handle (credential stuffing from many addresses)', () => {
  it('counts every address toward one handle: 429 past the limit, for a known handle and an unknown one alike', async () => {
    const known = signUpBody();
    expect((await post('/users', known, address())).status).toBe(201);
    const unknown = `nb_${crypto.randomUUID().slice(0, 8)}`;
    const answers: { status: number; body: string; retryAfter: string | null }[] = [];
    for (const handle of [known.handle, unknown]) {
      // Each attempt from a fresh address: the per-client throttle never triggers.
      for (let i = 0; i < LIMIT; i += 1)
        expect((await post('/sessions', { handle, password: 'wrong-password-1' }, address())).status).toBe(401);
      const limited = await post('/sessions', { handle, password: 'wrong-password-1' }, address());
      answers.push({ status: limited.status, body: await limited.text(), retryAfter: limited.headers.get('retry-after') });
    }
    for (const answer of answers) {
      expect(answer.status).toBe(429);
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    // The throttled answer does not tell a known handle from an unknown one (only the request id differs).
    const withoutRequestId = (body = ''): unknown => ({ ...(JSON.parse(body) as object), requestId: undefined });
    expect(withoutRequestId(answers[0]?.body)).toEqual(withoutRequestId(answers[1]?.body));
    // Counted case-insensitively, as logins match handles; the right password waits too.
    const upper = await post('/sessions', { handle: known.handle.toUpperCase(), password: known.password }, address());
    expect(upper.status).toBe(429);
    // Another handle is not affected.
    expect((await post('/sessions', { handle: `nb_${crypto.randomUUID().slice(0, 8)}`, password: 'x'.repeat(8) }, address())).status).toBe(
      401,
    );
  });
});
