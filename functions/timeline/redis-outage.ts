import { isRedisError } from '#shared/redis/redis-error.ts';

/**
 * True when `error` means "Redis cannot answer right now" and a fallback should serve instead:
 * the port's `unavailable` / `timeout` (connection refused, dropped, client timeout), or the
 * reliability layer refusing or timing out a Redis call (breaker open, bulkhead full, attempt
 * timeout). Bugs (`command`, `protocol`) and misconfiguration (`auth`) are not outages: they
 * surface as 5xx so someone fixes them.
 */
export function isRedisOutage(error: unknown): boolean {
  if (isRedisError(error)) return error.code === 'unavailable' || error.code === 'timeout';
  if (!(error instanceof Error)) return false;
  const { code, dependency } = error as { code?: unknown; dependency?: unknown };
  return dependency === 'redis' && (code === 'DEPENDENCY_UNAVAILABLE' || code === 'DEPENDENCY_TIMEOUT');
}
