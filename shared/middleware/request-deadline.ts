import type { MiddlewareHandler } from 'hono';
import { noopMetricsRecorder } from '../observability/metrics-recorder.port.ts';
import type { MetricsRecorder } from '../observability/metrics-recorder.port.ts';
import { DEADLINE_HEADER } from '../observability/propagation.ts';
import { Deadline } from '../reliability/deadline.ts';
import { createCoalescedDeadlineTimers } from '../reliability/deadline-timers.ts';
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
  /** Label value of `deadline_exceeded_total` and `platform_limit_exceeded_total`. */
  functionName?: string;
  metrics?: MetricsRecorder;
  /** Wall clock, epoch ms. */
  now?: () => number;
}

/** Relative budget a caller may ask for, in ms (it only ever shortens the server's). */
export const REQUEST_TIMEOUT_HEADER = 'x-request-timeout-ms';
/** Absolute caller deadline, epoch ms: what functions calling each other send (see propagation.ts). */
export const REQUEST_DEADLINE_HEADER = DEADLINE_HEADER;

/** The limit a caller set on a request through its headers. */
export interface CallerDeadline {
  /** `min(arrival + X-Request-Timeout-Ms, X-Request-Deadline)`, epoch ms; undefined when neither is sent. */
  readonly limitAt: number | undefined;
  /** The relative budget asked for, ms (the 504's budget when the request arrives expired). */
  readonly timeoutMs: number | undefined;
}

const NO_CALLER_DEADLINE: CallerDeadline = Object.freeze({ limitAt: undefined, timeoutMs: undefined });

function parseMilliseconds(value: string | undefined, header: string): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (!/^-?\d{1,16}$/.test(trimmed)) {
    throw new ValidationError([{ field: `header.${header}`, message: 'must be an integer number of milliseconds' }]);
  }
  return Number(trimmed);
}

/**
 * Reads the caller's deadline headers (the one parser of them: the deadline middleware and the
 * local platform's gateway both use it). `header` looks a lower-case name up. A malformed value
 * throws a {@link ValidationError} (400).
 */
export function parseCallerDeadline(header: (name: string) => string | undefined, arrivedAt: number): CallerDeadline {
  const relativeRaw = header(REQUEST_TIMEOUT_HEADER);
  const absoluteRaw = header(REQUEST_DEADLINE_HEADER);
  if (relativeRaw === undefined && absoluteRaw === undefined) return NO_CALLER_DEADLINE;
  const timeoutMs = parseMilliseconds(relativeRaw, REQUEST_TIMEOUT_HEADER);
  const absolute = parseMilliseconds(absoluteRaw, REQUEST_DEADLINE_HEADER);
  let limitAt: number | undefined;
  if (timeoutMs !== undefined) limitAt = arrivedAt + timeoutMs;
  if (absolute !== undefined) limitAt = Math.min(limitAt ?? absolute, absolute);
  return { limitAt, timeoutMs };
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
  const { defaultTimeoutMs = 30_000, functionName = 'unknown', metrics = noopMetricsRecorder, now = Date.now } = options;
  const labels = { function: functionName };
  const wallTimeLabels = { function: functionName, limit: 'wall_time' };
  // Requests arriving in the same millisecond with the same budget share one expiry timer.
  const timers = createCoalescedDeadlineTimers();

  return async function deadline(c, next) {
    const arrived = now();
    const caller = parseCallerDeadline((name) => c.req.header(name), arrived);
    const callerLimitAt = caller.limitAt;
    if (callerLimitAt !== undefined && callerLimitAt <= arrived) {
      // The caller has already given up: doing the work would only waste capacity.
      metrics.increment('deadlineExceededTotal', labels);
      throw new DeadlineExceededError(caller.timeoutMs ?? 0);
    }

    const budget = new Deadline({
      budgetMs: defaultTimeoutMs,
      now,
      timers,
      startedAt: arrived,
      ...(callerLimitAt === undefined ? {} : { callerLimitAt }),
    });
    c.set('deadline', budget);
    try {
      // Settles with the handler, or rejects at expiry even if the handler ignores the signal.
      await new Promise<void>((resolve, reject) => {
        budget.onExpire(reject);
        next().then(resolve, reject);
      });
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
