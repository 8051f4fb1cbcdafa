import type { Context, Env } from 'hono';
import { silentLogger } from '../observability/logger.ts';
import type { Logger } from '../observability/logger.ts';
import type { AppVariables } from './app-env.ts';

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
    const get = c.get as <K extends keyof AppVariables>(key: K) => AppVariables[K] | undefined;
    const base = get('logger');
    if (!base) return silentLogger;
    logger = base.child({ requestId: get('requestId'), traceId: get('trace')?.traceId });
    requestLoggers.set(c, logger);
  }
  return logger;
}
