import { abortable } from '../runtime/abortable.ts';
import { overallStatus } from './health-check.ts';
import type { CheckResult, HealthCheck, HealthDetails, HealthReport } from './health-check.ts';

/** Options of {@link runHealthCheck} / {@link runHealthChecks}. */
export interface RunHealthChecksOptions {
  /** Budget per check when the check sets none (default 2000 ms). */
  readonly timeoutMs?: number;
  /** Stops every check early (e.g. the request went away). */
  readonly signal?: AbortSignal;
}

/**
 * Runs one check under its own timeout. Never rejects: failures, timeouts and checks that ignore
 * their signal all become a `fail` result with a short reason.
 */
export async function runHealthCheck(check: HealthCheck, options: RunHealthChecksOptions = {}): Promise<CheckResult> {
  const timeoutMs = check.timeoutMs ?? options.timeoutMs ?? 2000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const started = performance.now();
  const base = { name: check.name, required: check.required, checkedAt: new Date().toISOString() };
  try {
    const value = await abortable(
      signal,
      Promise.resolve().then(() => check.check(signal)),
    );
    const details = isDetails(value) ? { details: value } : {};
    return { ...base, status: 'pass', latencyMs: elapsed(started), ...details };
  } catch (error) {
    const reason = timeout.aborted ? `timed out after ${timeoutMs} ms` : describe(error);
    return { ...base, status: 'fail', latencyMs: elapsed(started), error: reason };
  }
}

/** Runs checks concurrently (a slow one does not delay the others) and aggregates them. */
export async function runHealthChecks(checks: readonly HealthCheck[], options: RunHealthChecksOptions = {}): Promise<HealthReport> {
  const results = await Promise.all(checks.map((check) => runHealthCheck(check, options)));
  return { status: overallStatus(results), checks: results };
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const message = error.message.split('\n')[0]?.slice(0, 200) ?? '';
    return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
  }
  return String(error).slice(0, 200);
}

function isDetails(value: unknown): value is HealthDetails {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
