import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../observability/logger.ts';
import { routeTemplate } from './route-template.ts';
import type { AppEnv } from './app-env.ts';

/** Options of {@link accessLog}. */
export interface AccessLogOptions {
  logger: Logger;
  /** Monotonic clock, ms. Default `performance.now`. */
  now?: () => number;
}

/**
 * Structured access log: one JSON line per request with method, route template, status,
 * duration, request and trace id and the shed / rateLimited / degraded / deadlineExceeded
 * flags. 5xx other than shedding log at `warn`, the rest at `info`, so `LOG_LEVEL=warn` (load
 * tests) keeps only what needs attention. The line is built only if its level is enabled.
 */
export function accessLog(options: AccessLogOptions): MiddlewareHandler<AppEnv> {
  const { logger, now = () => performance.now() } = options;
  return async function accessLog(c, next) {
    c.set('logger', logger);
    if (!logger.isEnabled('info') && !logger.isEnabled('warn')) return next();
    const started = now();
    await next();
    const status = c.res.status;
    // c.get, not c.var: Hono builds a fresh object from its variable map on every c.var read.
    const shed = c.get('shed') === true;
    const level = status >= 500 && !shed ? 'warn' : 'info';
    if (!logger.isEnabled(level)) return;
    logger[level]('request', {
      requestId: c.get('requestId'),
      traceId: c.get('trace')?.traceId,
      method: c.req.method,
      route: routeTemplate(c),
      status,
      durationMs: Math.round((now() - started) * 100) / 100,
      ...(shed ? { shed } : {}),
      ...(c.get('rateLimited') ? { rateLimited: true } : {}),
      ...(c.get('degraded') ? { degraded: true } : {}),
      ...(c.get('deadlineExceeded') ? { deadlineExceeded: true } : {}),
    });
  };
}
