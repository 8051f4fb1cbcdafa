import type { Context, Env } from 'hono';
import { silentLogger } from '../observability/logger.ts';
import type { Logger } from '../observability/logger.ts';
import type { TraceContext } from '../observability/trace-context.ts';
import type { Deadline } from '../reliability/deadline.ts';

/**
 * Context variables the reliability layer sets, typed for `c.get(...)` / `c.var`.
 * Flags are only set when true; the access log reports them.
 */
export interface ReliabilityVariables {
  /** Accepted `X-Request-Id` or a fresh UUID. */
  requestId: string;
  /** This request's trace position (continued from `traceparent` or new). */
  trace: TraceContext;
  /** The request's time budget; pass `deadline.signal` to every dependency call. */
  deadline: Deadline;
  /** Base logger of the function (use {@link requestLogger} for a request-scoped one). */
  logger: Logger;
  /** Rejected by the adaptive limiter. */
  shed: boolean;
  /** Rejected by the per-user rate limit. */
  rateLimited: boolean;
  /** Answered from a fallback (e.g. timeline built without Redis). */
  degraded: boolean;
  /** Answered 504 (deadline passed, or already passed on arrival). */
  deadlineExceeded: boolean;
}

/** Hono `Env` of an app using the reliability layer. */
export interface ReliabilityEnv {
  Variables: ReliabilityVariables;
}

/** Marks the response as served in degraded mode (logged and visible in `X-Degraded`). */
export function markDegraded(c: Context, reason = 'fallback'): void {
  c.set('degraded', true);
  c.header('X-Degraded', reason);
}

const requestLoggers = new WeakMap<Context, Logger>();

/**
 * A logger whose lines carry the function name, this request's id and trace id (created on
 * first use). Any handler can call it, whatever its app's `Env`; an app built without the
 * reliability layer (bare unit setups) has no function logger, and gets a silent one.
 */
export function requestLogger<E extends Env>(c: Context<E>): Logger {
  let logger = requestLoggers.get(c);
  if (!logger) {
    const get = c.get as <K extends keyof ReliabilityVariables>(key: K) => ReliabilityVariables[K] | undefined;
    const base = get('logger');
    if (!base) return silentLogger;
    logger = base.child({ requestId: get('requestId'), traceId: get('trace')?.traceId });
    requestLoggers.set(c, logger);
  }
  return logger;
}
