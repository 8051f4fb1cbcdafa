import type { ErrorHandler, MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';
import type { FunctionDefinition } from './function-definition.ts';

/** What the platform layer knows about the app it wraps. */
export interface PlatformMiddlewareContext {
  readonly definition: FunctionDefinition;
  readonly runtime: 'node' | 'workerd';
  /**
   * The app's own error renderer (port errors by code, ProblemError, 500): pass it as the
   * reliability layer's `fallbackErrorHandler` so errors it does not own still render.
   */
  readonly fallbackErrorHandler: ErrorHandler<AppEnv>;
}

/** Middleware (outermost first) and the error handler that replaces the app's default. */
export interface PlatformLayer {
  readonly handlers: readonly MiddlewareHandler<AppEnv>[];
  readonly errorHandler?: ErrorHandler<AppEnv>;
}

/**
 * THE place where the shared reliability layer plugs into every function: return
 * `reliabilityMiddleware({ functionName: definition.name, ..., fallbackErrorHandler })` from
 * `shared/middleware/reliability-layer.ts` (request ids, deadlines, adaptive load shedding,
 * rate limits, structured logs, RED metrics). The handlers run after dependencies are opened
 * and before the health and function routes; health routes must pass unshed. Once a handler
 * sets `c.var.deadline`, handlers' `c.var.signal` follows it (see `create-function-app.ts`).
 */
export function platformLayer(_context: PlatformMiddlewareContext): PlatformLayer {
  return { handlers: [] };
}
