import type { Context } from 'hono';
import { extractPropagation } from '#shared/observability/propagation.ts';
import { formatTraceparent } from '#shared/observability/trace-context.ts';
import type { TraceContext } from '#shared/observability/trace-context.ts';
import type { PostOrigin } from './posts.repository.ts';

/**
 * Request id and trace of the current request, for the event's headers. Taken from the
 * reliability layer's variables (`requestId`, `trace`) when it runs; otherwise read from the
 * request's own headers (a fresh id / trace when absent), so an event always carries both.
 */
export function requestOrigin(c: Context): PostOrigin {
  const vars = c.var as { requestId?: unknown; trace?: TraceContext };
  const fallback = typeof vars.requestId === 'string' && vars.trace ? undefined : extractPropagation(c.req.raw.headers);
  const requestId = typeof vars.requestId === 'string' ? vars.requestId : (fallback?.requestId ?? crypto.randomUUID());
  const trace = vars.trace ?? fallback?.trace;
  return { requestId, traceparent: trace ? formatTraceparent(trace) : '' };
}
