import { isRedisError } from '#shared/redis/redis-error.ts';

/**
 * True when `error` means "Redis cannot answer right now" and the Postgres fallback should
 * serve instead: the port's `unavailable` / `timeout` (connection refused, dropped, client
 * timeout), or the reliability layer's breaker refusing Redis calls or an attempt timing out.
 *
 * Not outages: a full bulkhead (Redis is saturated, not down: moving that load onto Postgres
 * would spread the overload, so it is shed as a 503 instead), bugs (`command`, `protocol`) and
 * misconfiguration (`auth`), which surface as 5xx so someone fixes them.
 */
export function isRedisOutage(error: unknown): boolean {
  if (isRedisError(error)) return error.code === 'unavailable' || error.code === 'timeout';
  if (!(error instanceof Error)) return false;
  const { code, dependency, reason } = error as { code?: unknown; dependency?: unknown; reason?: unknown };
  if (dependency !== 'redis') return false;
  return (code === 'DEPENDENCY_UNAVAILABLE' && reason === 'circuit_open') || code === 'DEPENDENCY_TIMEOUT';
}
