import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '#shared/middleware/app-env.ts';
import { atlasEnvironment } from '#shared/config/production-guard.ts';
import { clientAddress } from '#shared/middleware/client-address.ts';
import { rateLimit } from '#shared/middleware/rate-limit.ts';
import { createRedisRateLimiter } from '#shared/middleware/redis-rate-limiter.ts';

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

/**
 * Route middleware: throttles `action` (sign-up or login) per client address with the platform's
 * Redis sliding window (shared by every instance of both runtimes). Past the limit: 429
 * problem+json with `Retry-After`. Like every rate limit here it fails open when Redis fails:
 * the password hash (~0.1 s) and the adaptive limiter still bound what a flood costs.
 */
export function accountThrottle(action: 'signup' | 'login'): MiddlewareHandler<AppEnv> {
  const handler = rateLimit({
    methods: ['POST'],
    functionName: 'users',
    key: (c) => (authAttemptsPerMinute(c.get('env')) === 0 ? undefined : `${action}:${clientAddress(c) ?? 'unknown'}`),
    limiter: (c) =>
      createRedisRateLimiter({
        redis: c.get('deps').redis,
        limit: authAttemptsPerMinute(c.get('env')),
        prefix: 'atlas:ratelimit:account',
        signal: c.get('signal'),
      }),
  });
  return handler;
}
