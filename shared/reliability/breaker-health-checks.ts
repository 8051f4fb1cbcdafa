import type { HealthCheck } from '../health/health-check.ts';
import type { DependencyRegistry } from './dependency-registry.ts';
import type { DependencyName } from './reliability-errors.ts';

const DEPENDENCIES: ReadonlySet<string> = new Set<DependencyName>(['postgres', 'redis', 'kafka', 's3']);

/**
 * Adds each dependency's breaker to its health check (ADR 0008): `/health/deep` details gain
 * the breaker state, last error and call latency, and a check fails at once, without a ping,
 * while its breaker refuses calls, so `/health/ready` is 503 while a required dependency's
 * breaker is open. Once the open period has passed the ping runs again (through the policy),
 * which is what half-opens and then closes the breaker when no other traffic would.
 */
export function withBreakerDetails(checks: readonly HealthCheck[], registry: DependencyRegistry): HealthCheck[] {
  return checks.map((check) => {
    if (!DEPENDENCIES.has(check.name)) return check;
    const policy = registry.policy(check.name as DependencyName);
    return {
      ...check,
      async check(signal) {
        const before = policy.health();
        if (before.rejecting) {
          const last = before.lastError ? `; last error: ${before.lastError.message}` : '';
          throw new Error(`circuit ${before.state}${last}`);
        }
        await check.check(signal);
        const health = policy.health();
        return {
          breaker: health.state,
          ...(health.lastError ? { lastError: health.lastError.message, lastErrorAt: health.lastError.at } : {}),
          ...(health.lastLatencyMs === undefined ? {} : { lastCallMs: health.lastLatencyMs }),
          ...(health.averageLatencyMs === undefined ? {} : { averageCallMs: health.averageLatencyMs }),
          retryBudget: health.retryBudget.available,
        };
      },
    };
  });
}
