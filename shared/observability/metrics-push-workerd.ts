import type { MiddlewareHandler } from 'hono';
import type { MetricsPusher } from './metrics-push.ts';

/** The part of workerd's `ExecutionContext` a push needs. */
export interface WaitUntilContext {
  waitUntil(promise: Promise<unknown>): void;
}

export interface WorkerdMetricsPushOptions {
  /** At most one push per isolate per this many ms (default 5000): pushes ride on requests. */
  minIntervalMs?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

/** Push scheduling for a workerd isolate. */
export interface WorkerdMetricsPush {
  /** After a response: pushes in `ctx.waitUntil` (never delaying the response) when one is due. */
  afterRequest(ctx: WaitUntilContext): void;
}

/**
 * workerd has no timers between requests and no shutdown hook: an isolate pushes after its first
 * request and then at most every `minIntervalMs`, in `waitUntil`. What an evicted isolate counted
 * after its last push is lost (at most `minIntervalMs` of counts); ADR 0013.
 */
export function createWorkerdMetricsPush(pusher: MetricsPusher, options: WorkerdMetricsPushOptions = {}): WorkerdMetricsPush {
  const { minIntervalMs = 5_000, now = Date.now } = options;
  let last: number | undefined;
  return {
    afterRequest(ctx) {
      const t = now();
      if (last !== undefined && t - last < minIntervalMs) return;
      last = t;
      ctx.waitUntil(pusher.push());
    },
  };
}

/**
 * Hono middleware for workerd entries: runs the route, then schedules a due push on the request's
 * execution context. Use only where `c.executionCtx` exists (workerd), not on Node.
 */
export function metricsPushMiddleware(push: WorkerdMetricsPush): MiddlewareHandler {
  return async function metricsPush(c, next) {
    await next();
    push.afterRequest(c.executionCtx);
  };
}
