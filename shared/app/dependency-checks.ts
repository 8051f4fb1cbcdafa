import type { HealthCheck } from '../health/health-check.ts';
import type { Dependencies, DependencyName } from './dependencies.ts';

/**
 * Health checks for the platform dependencies of one request's scope. Every function reports
 * all of them in `/health/deep` (an operator sees the whole platform from any function); only
 * those in `requires` are required and gate readiness. Getters are read inside `check`, so a
 * readiness probe that skips optional checks opens no client for them.
 */
export function dependencyChecks(deps: Dependencies, requires: readonly DependencyName[]): HealthCheck[] {
  const required = (name: DependencyName): boolean => requires.includes(name);
  return [
    { name: 'postgres', required: required('postgres'), check: (signal) => deps.sql.ping(signal) },
    { name: 'redis', required: required('redis'), check: (signal) => deps.redis.ping({ signal }) },
    { name: 'kafka', required: required('kafka'), check: (signal) => deps.kafka.ping(signal) },
    { name: 's3', required: required('s3'), check: (signal) => deps.objectStore.ping(signal) },
  ];
}
