import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '#shared/middleware/app-env.ts';
import { atlasEnvironment } from '#shared/config/production-guard.ts';
import { clientAddress } from '#shared/middleware/client-address.ts';
import { rateLimit } from '#shared/middleware/rate-limit.ts';
import { createRedisRateLimiter } from '#shared/middleware/redis-rate-limiter.ts';
import { HandleSchema } from './users.schemas.ts';

/**
 * Default sign-ups (and, separately, logins) per client address per minute. Production: 10,
 * enough for people behind one NAT, far too few to mint accounts or guess passwords in bulk.
 * Development: 300, because every local client (tests, k6, the browser) is 127.0.0.1.
 * `AUTH_RATE_LIMIT_PER_MINUTE` overrides both; `0` turns the throttle off (load runs).
 */
export const DEFAULT_AUTH_ATTEMPTS_PER_MINUTE = { production: 10, development: 300 } as const;

/** The configured limit for this request's environment. */
export function authAttemptsPerMinute(env: AppEnv['Variables']['env']): number {
  const fallback = DEFAULT_AUTH_ATTEMPTS_PER_MINUTE[atlasEnvironment(env ?? {})];
  const raw = env?.['AUTH_RATE_LIMIT_PER_MINUTE'];
  const parsed = raw === undefined || raw === '' ? fallback : Number(raw);
  return Number.isInteger(parsed) && parsed >= 0 ? parsed : fallback;
}

/** The sliding window every account throttle counts in: `AUTH_RATE_LIMIT_PER_MINUTE` per key, in the platform's Redis. */
function accountLimiter(c: Context<AppEnv>) {
  return createRedisRateLimiter({
    redis: c.get('deps').redis,
    limit: authAttemptsPerMinute(c.get('env')),
    prefix: 'atlas:ratelimit:account',
    signal: c.get('signal'),
  });
}

/**
 * Route middleware: throttles `action` (sign-up or login) per client address with the platform's
 * Redis sliding window (shared by every instance of both runtimes). Past the limit: 429
 * problem+json with `Retry-After`. Like every rate limit here it fails open when Redis fails:
 * the password hash (~0.1 s) and the adaptive limiter still bound what a flood costs.
 */
export function accountThrottle(action: 'signup' | 'login'): MiddlewareHandler<AppEnv> {
  return rateLimit({
    methods: ['POST'],
    functionName: 'users',
    key: (c) => (authAttemptsPerMinute(c.get('env')) === 0 ? undefined : `${action}:${clientAddress(c) ?? 'unknown'}`),
    limiter: accountLimiter,
  });
}

/**
 * The handle a login body names, lower-cased as logins match it, or `undefined` when the body is
 * not a login (validation answers that). Hono keeps the parsed body, so the route reads it again
 * without a second parse.
 */
async function loginHandle(c: Context<AppEnv>): Promise<string | undefined> {
  const body: unknown = await c.req.json().catch(() => undefined);
  const handle = (body as { handle?: unknown } | undefined)?.handle;
  // A malformed handle is a 400 from validation, never counted.
  return typeof handle === 'string' && HandleSchema.safeParse(handle).success ? handle.toLowerCase() : undefined;
}

/**
 * Route middleware after {@link accountThrottle}: counts login attempts per HANDLE as well,
 * whichever address they come from, so credential stuffing spread over many addresses still
 * gets at most the limit of guesses per minute at one account. Every handle is counted, known
 * or not, so the 429 tells nothing about whether it exists. The cost: someone can keep one
 * account's logins throttled, a minute at a time, while they keep trying (its tokens in use
 * stay valid); the same `AUTH_RATE_LIMIT_PER_MINUTE` sets the limit.
 */
export function loginHandleThrottle(): MiddlewareHandler<AppEnv> {
  return rateLimit({
    methods: ['POST'],
    functionName: 'users',
    key: async (c) => {
      if (authAttemptsPerMinute(c.get('env')) === 0) return undefined;
      const handle = await loginHandle(c);
      return handle === undefined ? undefined : `login-handle:${handle}`;
    },
    limiter: accountLimiter,
  });
}
