import type { MiddlewareHandler } from 'hono';
import { noopMetricsRecorder } from '../observability/metrics-recorder.port.ts';
import type { MetricsRecorder } from '../observability/metrics-recorder.port.ts';
import { createAdaptiveLimiter } from '../reliability/adaptive-limiter.ts';
import type { AdaptiveLimiter, AdaptiveLimiterOptions, PermitOutcome } from '../reliability/adaptive-limiter.ts';
import { createAdmissionQueue } from '../reliability/admission-queue.ts';
import type { AdmissionQueueOptions } from '../reliability/admission-queue.ts';
import { problemType, respondWithProblem } from '../app/problem.ts';
import type { AppEnv } from './app-env.ts';

/** Options of {@link loadShed}. */
export interface LoadShedOptions {
  /** The limiter; by default one is created from `limiterOptions`. Share one per function. */
  limiter?: AdaptiveLimiter;
  limiterOptions?: AdaptiveLimiterOptions;
  /** The short bounded wait for a slot (default 20 ms, LIFO); `false` sheds at once. */
  queue?: AdmissionQueueOptions | false;
  /** Paths never shed: health checks and metrics must answer under overload. */
  isExempt?: (path: string) => boolean;
  /** `Retry-After` seconds on 503. Default 1. */
  retryAfterSeconds?: number;
  functionName?: string;
  metrics?: MetricsRecorder;
}

/** Default exemption: `/health*` and `/metrics`. */
export const isHealthOrMetricsPath = (path: string): boolean => path.startsWith('/health') || path === '/metrics';

/**
 * Adaptive load shedding (ADR 0010), on by default in the layer. Admits a request while the
 * adaptive concurrency limit has room, or after a short bounded wait for a slot (a burst is
 * absorbed, see admission-queue.ts); otherwise answers 503 + `Retry-After`, before any parsing
 * or dependency call, so rejecting costs almost nothing. Requests that hit their deadline (504)
 * feed back as overload signals.
 */
export function loadShed(options: LoadShedOptions = {}): MiddlewareHandler<AppEnv> {
  const {
    limiter = createAdaptiveLimiter(options.limiterOptions),
    isExempt = isHealthOrMetricsPath,
    retryAfterSeconds = 1,
    functionName = 'unknown',
    metrics = noopMetricsRecorder,
  } = options;
  const queue = options.queue === false ? undefined : createAdmissionQueue(limiter, options.queue);
  const labels = { function: functionName };
  const retryAfter = { 'Retry-After': String(retryAfterSeconds) };
  metrics.set('concurrencyLimit', labels, limiter.limit);
  limiter.onLimitChange((limit) => metrics.set('concurrencyLimit', labels, limit));

  return async function loadShed(c, next) {
    if (isExempt(c.req.path)) return next();
    // Fast path without a promise; the queue only when every slot is taken.
    const permit = limiter.tryAcquire() ?? (await queue?.acquire());
    if (!permit) {
      c.set('shed', true);
      metrics.increment('loadShedRequestsTotal', labels);
      return respondWithProblem(
        c,
        { status: 503, type: problemType('overloaded'), code: 'OVERLOADED', detail: 'The service is at capacity; retry shortly.' },
        retryAfter,
      );
    }
    let outcome: PermitOutcome = 'dropped';
    try {
      await next();
      const status = c.res.status;
      // 504: the request ran out of time here, a queueing signal. 503: a dependency refused
      // fast (breaker open); its tiny latency says nothing about our capacity, so skip it.
      // A 504 without a deadline set was dropped on arrival (the caller's deadline had already
      // passed): it did no work here and says nothing about our capacity.
      outcome = status === 504 ? (c.get('deadline') ? 'dropped' : 'ignore') : status === 503 ? 'ignore' : 'success';
    } finally {
      permit.release(outcome);
    }
  };
}
