import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, stopService } from '#local-infra/services/index.ts';
import { usersFunction } from '#functions/users/index.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { serveFunction } from '#shared/runtime/node/serve-function.ts';
import type { RunningFunction } from '#shared/runtime/node/serve-function.ts';
import type { BreakerState } from './circuit-breaker.ts';
import { createPlatformReliability } from './platform-reliability.ts';

// The reliability layer against a REAL Postgres outage (stopped through local-infra): requests
// fail fast and never outlive their deadline, the breaker opens and readiness turns 503; once
// Postgres is back the breaker half-opens, closes, and readiness is 200 again.

const DEADLINE_MS = 1500;
let users: RunningFunction;
const transitions: BreakerState[] = [];

beforeAll(async () => {
  const reliability = createPlatformReliability({ functionName: 'users', requires: ['postgres'], logLevel: 'error' });
  reliability.registry.onStateChange(({ dependency, state }) => {
    if (dependency === 'postgres') transitions.push(state);
  });
  users = await serveFunction(usersFunction, { config: loadConfig(process.env), port: 0, drainTimeoutMs: 1000, reliability });
});

afterAll(async () => {
  await users?.close();
});

interface Timed {
  readonly status: number;
  readonly ms: number;
  readonly body: { type?: string; code?: string; requestId?: string };
}

/** GET a user with a client deadline; resolves status, wall time and problem body. */
async function getUser(): Promise<Timed> {
  const started = performance.now();
  const response = await fetch(`${users.url}/users/${crypto.randomUUID()}`, {
    headers: { 'X-Request-Timeout-Ms': String(DEADLINE_MS) },
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, ms: performance.now() - started, body: text ? (JSON.parse(text) as Timed['body']) : {} };
}

const ready = async (): Promise<number> => (await fetch(`${users.url}/health/ready`, { signal: AbortSignal.timeout(5000) })).status;
const breaker = (): BreakerState => users.reliability.registry.policy('postgres').health().state;

/** Polls `probe` every 100 ms; the failure names `what` and the last value seen. */
const poll = <T>(what: string, probe: () => Promise<T>, timeout: number) => expect.poll(probe, { timeout, interval: 100, message: what });

describe('Postgres outage through the reliability layer', () => {
  it('fails fast within the deadline, opens the breaker, turns readiness 503, then half-opens and closes', async () => {
    expect((await getUser()).status).toBe(404);
    expect(await ready()).toBe(200);

    try {
      await stopService('postgres');
      const failures: Timed[] = [];
      await poll(
        'breaker open',
        async () => {
          const result = await getUser();
          failures.push(result);
          return breaker();
        },
        20_000,
      ).toBe('open');
      // Every failed request answered a 5xx problem, none outlived its deadline.
      for (const failure of failures) {
        expect([503, 504]).toContain(failure.status);
        expect(failure.body.requestId).toBeTruthy();
        expect(failure.ms).toBeLessThan(DEADLINE_MS + 500);
      }
      // With the breaker open a request is refused without touching Postgres.
      const fast = await getUser();
      expect(fast.status).toBe(503);
      expect(fast.body.type).toBe('https://atlas-edge.dev/problems/dependency-unavailable');
      expect(fast.ms).toBeLessThan(200);
      await poll('ready 503', ready, 5000).toBe(503);
      const deep = (await (await fetch(`${users.url}/health/deep`)).json()) as {
        checks: Record<string, { status: string; error?: string }>;
      };
      expect(deep.checks['postgres']?.status).toBe('fail');
      console.info(
        `[postgres-breaker] open after ${failures.length} failed requests; slowest ${Math.max(...failures.map((f) => f.ms)).toFixed(0)} ms`,
      );
    } finally {
      await startService('postgres');
    }

    // Traffic (and readiness pings) probe the half-open breaker until it closes.
    await poll('requests served again', async () => (await getUser()).status, 60_000).toBe(404);
    await poll(
      'breaker closed',
      async () => {
        await getUser();
        return breaker();
      },
      30_000,
    ).toBe('closed');
    await poll('ready again', ready, 10_000).toBe(200);
    expect(transitions[0]).toBe('open');
    expect(transitions).toContain('half-open');
    expect(transitions.at(-1)).toBe('closed');
    console.info(`[postgres-breaker] transitions: ${transitions.join(' -> ')}`);
  });
});
