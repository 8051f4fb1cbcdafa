import type { Context, ErrorHandler, MiddlewareHandler } from 'hono';
import { verifyToken } from '../auth/tokens.ts';
import { createRedisRateLimiter } from './redis-rate-limiter.ts';
import { reliabilityMiddleware } from './reliability-layer.ts';
import type { PlatformReliability } from '../reliability/platform-reliability.ts';
import type { AppEnv } from './app-env.ts';
import type { FunctionDefinition } from '../app/function-definition.ts';
import { limitsOf } from '../app/platform-limits.ts';
import type { FunctionLimits } from '../app/platform-limits.ts';
import { sheddingLimitsFor } from './shedding-floor.ts';

/** What the platform layer knows about the app it wraps. */
export interface PlatformMiddlewareContext {
  readonly definition: FunctionDefinition;
  readonly runtime: 'node' | 'workerd';
  /**
   * Renders errors the layer's handler does not own. Normally absent: the layer's handler
   * (`shared/middleware/error-handler.ts`) is the platform's one problem+json renderer.
   */
  readonly fallbackErrorHandler?: ErrorHandler<AppEnv>;
  /** Metrics, logger and policies of this function in this process; no layer without it. */
  readonly reliability?: PlatformReliability;
  /** Response-header setter for the request id (Node passes its fast path). */
  readonly setResponseHeader?: (c: Context, name: string, value: string) => void;
  /** The function's limits (default `limitsOf(definition)`): `wallTimeMs` is every request's budget. */
  readonly limits?: FunctionLimits;
}

/** Middleware (outermost first) and the error handler that replaces the app's default. */
export interface PlatformLayer {
  readonly handlers: readonly MiddlewareHandler<AppEnv>[];
  readonly errorHandler?: ErrorHandler<AppEnv>;
}

/** Default per-user write limit; `RATE_LIMIT_WRITES_PER_MINUTE` overrides it, `0` turns it off. */
export const DEFAULT_WRITES_PER_MINUTE = 1200;

function writesPerMinute(c: Context<AppEnv>): number {
  const raw = c.get('env')?.['RATE_LIMIT_WRITES_PER_MINUTE'];
  const parsed = raw === undefined || raw === '' ? DEFAULT_WRITES_PER_MINUTE : Number(raw);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : DEFAULT_WRITES_PER_MINUTE;
}

/**
 * The rate-limit identity of a write: the user of a VALID bearer token. The layer runs before
 * route-level `requireAuth()`, so it verifies the token itself (one HMAC); requests without a
 * valid token are not limited per user here (they get 401 from the route, and the adaptive
 * limiter protects capacity).
 */
async function bearerUserKey(c: Context<AppEnv>): Promise<string | undefined> {
  if (writesPerMinute(c) === 0) return undefined;
  const header = c.req.header('authorization');
  const secret = c.get('auth')?.secret;
  if (!header || !secret || !/^bearer\s+/i.test(header)) return undefined;
  const verified = await verifyToken(header.replace(/^bearer\s+/i, '').trim(), { secret }).catch(() => undefined);
  return verified ? `user:${verified.userId}` : undefined;
}

/**
 * THE place where the shared reliability layer plugs into every function: return
 * `reliabilityMiddleware({ functionName: definition.name, ... })` from
 * `shared/middleware/reliability-layer.ts` (request ids, deadlines, adaptive load shedding,
 * rate limits, structured logs, RED metrics). The handlers run after dependencies are opened
 * and before the health and function routes; health routes must pass unshed. Once a handler
 * sets `c.var.deadline`, handlers' `c.var.signal` follows it (see `create-function-app.ts`).
 */
export function platformLayer(context: PlatformMiddlewareContext): PlatformLayer {
  const { reliability } = context;
  if (!reliability) return { handlers: [] };
  const layer = reliabilityMiddleware({
    functionName: context.definition.name,
    metrics: reliability.metrics,
    logger: reliability.logger,
    // The function's wall time is the request budget on both runtimes (ADR 0024); a route's
    // `routeDeadline()` still replaces it, and a caller's own deadline still caps it.
    deadline: { defaultTimeoutMs: (context.limits ?? limitsOf(context.definition)).wallTimeMs },
    ...(context.fallbackErrorHandler ? { fallbackErrorHandler: context.fallbackErrorHandler } : {}),
    // Per-user limit on writes, shared by every instance through Redis (ADR 0012); fails open.
    rateLimit: {
      key: bearerUserKey,
      limiter: (c) =>
        createRedisRateLimiter({
          redis: c.get('deps').redis,
          limit: writesPerMinute(c),
          signal: c.get('deadline').signal,
        }),
    },
    loadShedding: reliability.loadShedding === false ? false : sheddingLimitsFor(context.definition.requires, reliability.registry),
    ...(context.setResponseHeader ? { setResponseHeader: context.setResponseHeader } : {}),
  });
  return { handlers: layer.handlers, errorHandler: layer.errorHandler };
}
