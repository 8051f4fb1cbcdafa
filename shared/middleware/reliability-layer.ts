import type { ErrorHandler, Hono, MiddlewareHandler } from 'hono';
import { silentLogger } from '../observability/logger.ts';
import type { Logger } from '../observability/logger.ts';
import { noopMetricsRecorder } from '../observability/metrics-recorder.port.ts';
import type { MetricsRecorder } from '../observability/metrics-recorder.port.ts';
import { createAdaptiveLimiter } from '../reliability/adaptive-limiter.ts';
import type { AdaptiveLimiter, AdaptiveLimiterOptions } from '../reliability/adaptive-limiter.ts';
import type { AdmissionQueueOptions } from '../reliability/admission-queue.ts';
import { accessLog } from './access-log.ts';
import { composeLayer } from './compose-layer.ts';
import { deadline } from './request-deadline.ts';
import type { DeadlineMiddlewareOptions } from './request-deadline.ts';
import { problemNotFound, reliabilityErrorHandler } from './error-handler.ts';
import { isHealthOrMetricsPath, loadShed } from './load-shed.ts';
import { rateLimit } from './rate-limit.ts';
import type { RateLimitOptions } from './rate-limit.ts';
import { redMetrics } from './red-metrics.ts';
import type { AppEnv } from './app-env.ts';
import { requestId } from './request-id.ts';
import type { RequestIdOptions } from './request-id.ts';

/** Options of {@link reliabilityLayer} and {@link reliabilityMiddleware}. */
export interface ReliabilityLayerOptions {
  /** The function's name: the `function` label of every HTTP metric. */
  functionName: string;
  metrics?: MetricsRecorder;
  logger?: Logger;
  /** Deadline settings (default 30 s budget; the platform layer passes the function's `wallTimeMs`). */
  deadline?: Omit<DeadlineMiddlewareOptions, 'functionName' | 'metrics'>;
  /**
   * Adaptive load shedding: on unless `false`. Pass `limiter` to share one across apps; `queue`
   * tunes (or with `false` turns off) the short wait for a slot. The limiter slow-starts at
   * {@link SHEDDING_START} and then never goes below {@link SHEDDING_FLOOR}, unless
   * `initialLimit` / `minLimit` say otherwise.
   */
  loadShedding?:
    | false
    | (AdaptiveLimiterOptions & { limiter?: AdaptiveLimiter; isExempt?: (path: string) => boolean; queue?: AdmissionQueueOptions | false });
  /** Per-user rate limit on write methods; off unless a limiter is given. */
  rateLimit?: Omit<RateLimitOptions, 'functionName' | 'metrics'>;
  /** Renders errors that are not the layer's own (see {@link reliabilityErrorHandler}). */
  fallbackErrorHandler?: ErrorHandler;
  /** Runtime-specific response header setter for the request id (Node: `nodeResponseHeader`). */
  setResponseHeader?: RequestIdOptions['setHeader'];
}

/**
 * Floor of each process's adaptive limit (ADR 0010): 40 requests in flight. Sized against the
 * dependency bulkheads (Postgres 20 running + 40 queued, Redis 64 + 64): at 40 no bulkhead
 * refuses work yet, so below it the bulkheads, not shedding, protect the dependencies. Measured
 * in the overload scenario: when the machine is saturated the limiter reads the CPU taken by
 * other processes as queueing and sits at its floor; at ~13 per process goodput was 64% of
 * capacity, at 20 75%, at 40 71-96% over four runs, with the admitted p99 barely changed (that
 * latency is spent before requests reach the process).
 */
export const SHEDDING_FLOOR = 40;

/**
 * Where a fresh process's limit starts: a slow start up to {@link SHEDDING_FLOOR} (at most
 * 10 s, see adaptive-limiter.ts). In the overload runs a JIT-cold process admitting 40 at once
 * answered a few requests after their deadline in its first seconds.
 */
export const SHEDDING_START = 20;

/** The layer's parts, for apps that install middleware themselves (the function app factory). */
export interface ReliabilityMiddleware {
  /** What to `app.use`, in order: the layer's middleware composed into one (see compose-layer.ts). */
  readonly handlers: readonly MiddlewareHandler<AppEnv>[];
  readonly errorHandler: ErrorHandler;
  /** The adaptive limiter (undefined when shedding is off). */
  readonly limiter: AdaptiveLimiter | undefined;
}

/**
 * Builds the layer's middleware, outermost first (ADR 0010-0012 for why this order):
 *
 * 1. request id + trace context: everything after can log and propagate them;
 * 2. access log and 3. RED metrics: outside the shedder, so rejected requests are seen too;
 * 4. adaptive load shedding: rejects before any work (health and metrics exempt);
 * 5. deadline: the budget and its signal, 504 when exhausted;
 * 6. per-user rate limit on write methods (when configured).
 */
export function reliabilityMiddleware(options: ReliabilityLayerOptions): ReliabilityMiddleware {
  const { functionName, metrics = noopMetricsRecorder, logger = silentLogger } = options;
  const shedding = options.loadShedding ?? {};
  // Defaults never contradict a function's own `maxLimit`.
  const cap = (value: number): number => Math.min(value, (shedding !== false && shedding.maxLimit) || value);
  const limiter =
    shedding === false
      ? undefined
      : (shedding.limiter ?? createAdaptiveLimiter({ minLimit: cap(SHEDDING_FLOOR), initialLimit: cap(SHEDDING_START), ...shedding }));
  const handlers: MiddlewareHandler<AppEnv>[] = [
    requestId(options.setResponseHeader ? { setHeader: options.setResponseHeader } : {}),
    accessLog({ logger }),
    redMetrics({ functionName, metrics }),
  ];
  if (limiter && shedding !== false) {
    handlers.push(
      loadShed({
        limiter,
        isExempt: shedding.isExempt ?? isHealthOrMetricsPath,
        functionName,
        metrics,
        ...(shedding.queue === undefined ? {} : { queue: shedding.queue }),
      }),
    );
  }
  handlers.push(deadline({ ...options.deadline, functionName, metrics }));
  if (options.rateLimit) handlers.push(rateLimit({ ...options.rateLimit, functionName, metrics }));
  const errorHandler = reliabilityErrorHandler({
    logger,
    ...(options.fallbackErrorHandler ? { fallback: options.fallbackErrorHandler } : {}),
  });
  return { handlers: [composeLayer(handlers, errorHandler)], errorHandler, limiter };
}

/**
 * Installs the whole reliability layer on a Hono app: the middleware of
 * {@link reliabilityMiddleware} plus `onError` / `notFound` answering RFC 9457 problem+json.
 * Call it before registering routes; function authors then write routes only.
 */
export function reliabilityLayer(app: Hono<AppEnv>, options: ReliabilityLayerOptions): ReliabilityMiddleware {
  const layer = reliabilityMiddleware(options);
  for (const handler of layer.handlers) app.use(handler);
  app.onError(layer.errorHandler);
  app.notFound(problemNotFound());
  return layer;
}
