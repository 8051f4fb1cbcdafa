import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';
import type { FunctionDefinition } from './function-definition.ts';

/** What the platform middleware knows about the app it wraps. */
export interface PlatformMiddlewareContext {
  readonly definition: FunctionDefinition;
  readonly runtime: 'node' | 'workerd';
}

/**
 * THE place where the shared reliability layer plugs into every function
 * (`shared/middleware/reliability-layer.ts`: request ids, deadlines that replace `c.var.signal`,
 * adaptive load shedding, rate limits, structured logs, RED metrics). The returned handlers run
 * in order after dependencies are opened and before the health and function routes; they must
 * let `/health/*` through unshed.
 */
export function platformMiddleware(_context: PlatformMiddlewareContext): MiddlewareHandler<AppEnv>[] {
  return [];
}
