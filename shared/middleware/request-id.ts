import type { Context, MiddlewareHandler } from 'hono';
import { isValidRequestId, newRequestId, propagationHeaders } from '../observability/propagation.ts';
import { lazyTrace } from '../observability/trace-context.ts';
import type { AppEnv } from './app-env.ts';

/** Options of {@link requestId}. */
export interface RequestIdOptions {
  /** Header read and echoed. Default `X-Request-Id`. */
  headerName?: string;
  /** Makes an id when the incoming one is missing or invalid. Default {@link newRequestId}. */
  generator?: () => string;
  /**
   * Sets the response header. Default `c.header`. The Node entry passes a setter that writes
   * straight to Node's ServerResponse (`node-response-header.node.ts`): on @hono/node-server a
   * `c.header` call before the handler moves every response off its plain-object fast path.
   */
  setHeader?: (c: Context, name: string, value: string) => void;
}

/**
 * Request id + W3C trace context middleware (ADR 0011 for propagation).
 *
 * Accepts a valid incoming `X-Request-Id` (1-128 safe chars) or makes one, echoes it on the
 * response, and continues the caller's `traceparent` (or starts a trace). Install first, so
 * every later middleware and log line has both.
 */
export function requestId(options: RequestIdOptions = {}): MiddlewareHandler<AppEnv> {
  const { headerName = 'X-Request-Id', generator = newRequestId, setHeader = (c, name, value) => c.header(name, value) } = options;
  // Not async: nothing runs after `next()`, so no promise of its own per request.
  return function requestId(c, next) {
    const incoming = c.req.header(headerName);
    const id = isValidRequestId(incoming) ? incoming : generator();
    c.set('requestId', id);
    c.set('trace', lazyTrace(c.req.header('traceparent')));
    setHeader(c, headerName, id);
    return next();
  };
}

/**
 * Headers for an outgoing call made while serving `c`: request id, `traceparent` (this
 * request's span as parent) and the absolute deadline. Also valid as Kafka record headers.
 */
export function outgoingHeaders(c: Context<AppEnv>): Record<string, string> {
  const deadline = c.get('deadline') as AppEnv['Variables']['deadline'] | undefined;
  return propagationHeaders({
    requestId: c.get('requestId'),
    trace: c.get('trace'),
    ...(deadline ? { deadlineAt: deadline.expiresAt } : {}),
  });
}
