import type { Context, MiddlewareHandler } from 'hono';
import { isValidRequestId, propagationHeaders } from '../observability/propagation.ts';
import { continueTrace } from '../observability/trace-context.ts';
import type { ReliabilityEnv } from './reliability-env.ts';

/** Options of {@link requestId}. */
export interface RequestIdOptions {
  /** Header read and echoed. Default `X-Request-Id`. */
  headerName?: string;
  /** Makes an id when the incoming one is missing or invalid. Default `crypto.randomUUID()`. */
  generator?: () => string;
}

/**
 * Request id + W3C trace context middleware (ADR 0011 for propagation).
 *
 * Accepts a valid incoming `X-Request-Id` (1-128 safe chars) or makes one, echoes it on the
 * response, and continues the caller's `traceparent` (or starts a trace). Install first, so
 * every later middleware and log line has both.
 */
export function requestId(options: RequestIdOptions = {}): MiddlewareHandler<ReliabilityEnv> {
  const { headerName = 'X-Request-Id', generator = () => crypto.randomUUID() } = options;
  return async function requestId(c, next) {
    const incoming = c.req.header(headerName);
    const id = isValidRequestId(incoming) ? incoming : generator();
    c.set('requestId', id);
    c.set('trace', continueTrace(c.req.header('traceparent')));
    c.header(headerName, id);
    await next();
  };
}

/**
 * Headers for an outgoing call made while serving `c`: request id, `traceparent` (this
 * request's span as parent) and the absolute deadline. Also valid as Kafka record headers.
 */
export function outgoingHeaders(c: Context<ReliabilityEnv>): Record<string, string> {
  const deadline = c.get('deadline') as ReliabilityEnv['Variables']['deadline'] | undefined;
  return propagationHeaders({
    requestId: c.var.requestId,
    trace: c.var.trace,
    ...(deadline ? { deadlineAt: deadline.expiresAt } : {}),
  });
}
