import { Hono } from 'hono';
import type { Context, Env } from 'hono';
import type { CheckResult, HealthCheck, HealthReport } from './health-check.ts';
import type { HealthState } from './health-state.ts';
import { createReadinessProbe } from './readiness-probe.ts';

/** Options of {@link healthRoutes}. */
export interface HealthRoutesOptions<E extends Env> {
  readonly functionName: string;
  /** `node` or `workerd`, reported by `/health`. */
  readonly runtime: string;
  readonly state: HealthState;
  /** The checks for this request (per request because workerd clients are per request). */
  readonly checks: (c: Context<E>) => readonly HealthCheck[];
  /** Readiness cache lifetime in ms (default 1000). */
  readonly readinessTtlMs?: number;
  /** Readiness per-check budget in ms (default 1000). */
  readonly readinessTimeoutMs?: number;
  /** Deep check per-check budget in ms (default 2000). */
  readonly deepTimeoutMs?: number;
  /** How long a deep check result is reused, in ms (default 1000, as readiness). */
  readonly deepTtlMs?: number;
  /** Deep evaluations running at once in this instance (default 2); beyond: 503 + Retry-After. */
  readonly deepMaxConcurrent?: number;
  /** Clock of the result caches, for tests (default `Date.now`). */
  readonly now?: () => number;
}

/**
 * The health routes every function gets:
 * - `GET /health`: cheap identity answer, touches no dependency;
 * - `GET /health/live`: the instance can serve (restart it if this fails);
 * - `GET /health/ready`: required dependencies reachable (cached for about a second) and not
 *   draining; 503 otherwise, so traffic moves elsewhere;
 * - `GET /health/deep`: every dependency, each with status and latency; 503 when a required one
 *   fails, 200 with status `warn` when only optional ones fail. It is exempt from load shedding
 *   (it must answer under overload), so it bounds itself: results are reused for `deepTtlMs`
 *   (a flood costs one ping per dependency per interval) and at most `deepMaxConcurrent`
 *   evaluations run at once; the rest get 503 + `Retry-After` instead of filling the bulkheads.
 */
export function healthRoutes<E extends Env>(options: HealthRoutesOptions<E>): Hono<E> {
  const app = new Hono<E>();
  const readiness = createReadinessProbe({
    ...(options.readinessTtlMs !== undefined ? { ttlMs: options.readinessTtlMs } : {}),
    ...(options.readinessTimeoutMs !== undefined ? { timeoutMs: options.readinessTimeoutMs } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const deep = createReadinessProbe({
    ttlMs: options.deepTtlMs ?? 1000,
    timeoutMs: options.deepTimeoutMs ?? 2000,
    ...(options.now ? { now: options.now } : {}),
  });
  const deepMaxConcurrent = options.deepMaxConcurrent ?? 2;
  let deepInFlight = 0;
  const identity = { function: options.functionName, runtime: options.runtime };

  app.get('/health', () => healthResponse(200, { status: 'pass', ...identity, startedAt: options.state.startedAt }));

  app.get('/health/live', () => healthResponse(200, { status: 'pass', ...identity }));

  app.get('/health/ready', async (c) => {
    if (options.state.draining) {
      return healthResponse(503, { status: 'fail', ...identity, draining: true, checks: {} });
    }
    const required = options.checks(c).filter((check) => check.required);
    const report = await readiness.evaluate(required, c.req.raw.signal);
    return reportResponse(report, identity);
  });

  app.get('/health/deep', async (c) => {
    if (deepInFlight >= deepMaxConcurrent) {
      return healthResponse(
        503,
        { status: 'fail', ...identity, error: 'deep checks already running; retry shortly', checks: {} },
        { 'retry-after': '1' },
      );
    }
    deepInFlight += 1;
    try {
      const report = await deep.evaluate(options.checks(c), c.req.raw.signal);
      const draining = options.state.draining;
      return reportResponse(draining ? { ...report, status: 'fail' } : report, { ...identity, draining });
    } finally {
      deepInFlight -= 1;
    }
  });

  return app;
}

function reportResponse(report: HealthReport, extra: Record<string, unknown>): Response {
  const checks = Object.fromEntries(report.checks.map((r) => [r.name, withoutName(r)]));
  return healthResponse(report.status === 'fail' ? 503 : 200, { status: report.status, ...extra, checks });
}

function withoutName({ name: _name, ...rest }: CheckResult): Omit<CheckResult, 'name'> {
  return rest;
}

function healthResponse(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/health+json', 'cache-control': 'no-store', ...headers },
  });
}
