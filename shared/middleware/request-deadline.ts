import type { MiddlewareHandler } from 'hono';
import { noopMetricsRecorder } from '../observability/metrics-recorder.port.ts';
import type { MetricsRecorder } from '../observability/metrics-recorder.port.ts';
import { Deadline } from '../reliability/deadline.ts';
import { DeadlineExceededError } from '../reliability/reliability-errors.ts';
import { ValidationError } from './http-errors.ts';
import type { AppEnv } from './app-env.ts';

/** Options of {@link deadline}. */
export interface DeadlineMiddlewareOptions {
  /**
   * Server budget per request, ms: the function's wall time limit (`limitsOf(definition).wallTimeMs`,
   * ADR 0024). Default 30 000. Routes may override with {@link routeDeadline}.
   */
  defaultTimeoutMs?: number;
  /** Relative budget a client may ask for (only less than the server's). Default `X-Request-Timeout-Ms`. */
  timeoutHeader?: string;
  /** Absolute caller deadline, epoch ms (set by Atlas functions calling each other). Default `X-Request-Deadline`. */
  deadlineHeader?: string;
  /** Label value of `deadline_exceeded_total` and `platform_limit_exceeded_total`. */
  functionName?: string;
  metrics?: MetricsRecorder;
  /** Wall clock, epoch ms. */
  now?: () => number;
}

function parseHeaderNumber(value: string | undefined, header: string): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (!/^-?\d{1,16}$/.test(trimmed)) {
    throw new ValidationError([{ field: `header.${header.toLowerCase()}`, message: 'must be an integer number of milliseconds' }]);
  }
  return Number(trimmed);
}

/**
 * Deadline middleware (ADR 0006): gives every request a time budget.
 *
 * The budget is `min(server budget, client's X-Request-Timeout-Ms, client's X-Request-Deadline)`.
 * `c.var.deadline.signal` aborts when it runs out and goes to every dependency call. When the
 * budget is exhausted the request answers 504 even if the handler ignores the signal; a request
 * whose caller deadline has already passed on arrival is dropped without running the handler.
 */
export function deadline(options: DeadlineMiddlewareOptions = {}): MiddlewareHandler<AppEnv> {
  const {
    defaultTimeoutMs = 30_000,
    timeoutHeader = 'X-Request-Timeout-Ms',
    deadlineHeader = 'X-Request-Deadline',
    functionName = 'unknown',
    metrics = noopMetricsRecorder,
    now = Date.now,
  } = options;
  const labels = { function: functionName };
  const wallTimeLabels = { function: functionName, limit: 'wall_time' };

  return async function deadline(c, next) {
    const arrived = now();
    const relative = parseHeaderNumber(c.req.header(timeoutHeader), timeoutHeader);
    const absolute = parseHeaderNumber(c.req.header(deadlineHeader), deadlineHeader);
    let callerLimitAt: number | undefined;
    if (relative !== undefined) callerLimitAt = arrived + relative;
    if (absolute !== undefined) callerLimitAt = Math.min(callerLimitAt ?? absolute, absolute);
    if (callerLimitAt !== undefined && callerLimitAt <= arrived) {
      // The caller has already given up: doing the work would only waste capacity.
      metrics.increment('deadlineExceededTotal', labels);
      throw new DeadlineExceededError(relative ?? 0);
    }

    const budget = new Deadline({ budgetMs: defaultTimeoutMs, now, ...(callerLimitAt === undefined ? {} : { callerLimitAt }) });
    c.set('deadline', budget);
    let rejectExpired!: (error: DeadlineExceededError) => void;
    const expired = new Promise<never>((_, reject) => (rejectExpired = reject));
    budget.onExpire(rejectExpired);
    try {
      await Promise.race([next(), expired]);
    } catch (error) {
      if (error instanceof DeadlineExceededError) {
        metrics.increment('deadlineExceededTotal', labels);
        // The server's budget ran out (the function's wall time, or its route's): a platform limit.
        if (!budget.setByCaller) metrics.increment('platformLimitExceededTotal', wallTimeLabels);
      }
      throw error;
    } finally {
      budget.dispose();
    }
  };
}

/**
 * Per-route budget override: `app.post('/media', routeDeadline(120_000), handler)`. Replaces
 * the server default (up or down); the client's own limit still caps it.
 */
export function routeDeadline(timeoutMs: number): MiddlewareHandler<AppEnv> {
  return async function routeDeadline(c, next) {
    c.get('deadline').setServerBudget(timeoutMs);
    await next();
  };
}
