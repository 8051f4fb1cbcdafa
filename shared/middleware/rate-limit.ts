import type { Context, MiddlewareHandler } from 'hono';
import { errorFields } from '../observability/logger.ts';
import { noopMetricsRecorder } from '../observability/metrics-recorder.port.ts';
import type { MetricsRecorder } from '../observability/metrics-recorder.port.ts';
import { RateLimitedError } from './http-errors.ts';
import type { RateLimiter } from './rate-limiter.port.ts';
import type { AppEnv } from './app-env.ts';

/** Options of {@link rateLimit}. */
export interface RateLimitOptions {
  /** The limiter, or a factory per request (e.g. over the request's Redis port). */
  limiter: RateLimiter | ((c: Context) => RateLimiter);
  /**
   * The identity to limit, or `undefined` to skip the check (no identity: the adaptive limiter
   * still protects capacity). Default: the authenticated user (`userId` or `jwtPayload.sub`
   * context variables set by auth middleware).
   */
  key?: (c: Context) => string | undefined | Promise<string | undefined>;
  /** Methods limited. Default the write methods: POST, PUT, PATCH, DELETE. */
  methods?: readonly string[];
  functionName?: string;
  metrics?: MetricsRecorder;
}

/** Default key: the user that auth middleware identified. */
export function authenticatedUserKey(c: Context): string | undefined {
  const userId = c.get('userId') as unknown;
  if (typeof userId === 'string' || typeof userId === 'number') return `user:${userId}`;
  const sub = (c.get('jwtPayload') as { sub?: unknown } | undefined)?.sub;
  return typeof sub === 'string' || typeof sub === 'number' ? `user:${sub}` : undefined;
}

/**
 * Per-user rate limit for write routes (ADR 0012): 429 + `Retry-After` past the limit, with
 * `RateLimit-Limit` / `RateLimit-Remaining` headers on every checked response. If the limiter
 * itself fails, the request is allowed (fail open) and a warning is logged.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const { limiter, key = authenticatedUserKey, functionName = 'unknown', metrics = noopMetricsRecorder } = options;
  const methods = new Set(options.methods ?? ['POST', 'PUT', 'PATCH', 'DELETE']);
  const labels = { function: functionName };
  // A Redis outage would otherwise log one warning per write request.
  let lastWarnAt = Number.NEGATIVE_INFINITY;

  return async function rateLimit(c, next) {
    if (!methods.has(c.req.method)) return next();
    const identity = await key(c);
    if (identity === undefined) return next();
    let decision;
    try {
      decision = await (typeof limiter === 'function' ? limiter(c) : limiter).limit(identity);
    } catch (error) {
      if (Date.now() - lastWarnAt > 10_000) {
        lastWarnAt = Date.now();
        c.get('logger')?.warn('rate limiter failed; allowing requests (logged at most every 10 s)', {
          requestId: c.get('requestId'),
          ...errorFields(error),
        });
      }
      return next();
    }
    c.header('RateLimit-Limit', String(decision.limit));
    c.header('RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) {
      metrics.increment('rateLimitedRequestsTotal', labels);
      throw new RateLimitedError(Math.max(1, Math.ceil((decision.resetAt - Date.now()) / 1000)));
    }
    await next();
  };
}
