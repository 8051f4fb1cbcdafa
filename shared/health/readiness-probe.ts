import { overallStatus } from './health-check.ts';
import type { CheckResult, HealthCheck, HealthReport } from './health-check.ts';
import { runHealthCheck } from './run-health-checks.ts';

/** Options of {@link createReadinessProbe}. */
export interface ReadinessProbeOptions {
  /** How long a check result is reused, in milliseconds (default 1000). */
  readonly ttlMs?: number;
  /** Budget per check in milliseconds (default 1000): readiness must answer fast. */
  readonly timeoutMs?: number;
  /** Clock, for tests (default `Date.now`). */
  readonly now?: () => number;
}

/** Readiness evaluation with per-check result caching. */
export interface ReadinessProbe {
  evaluate(checks: readonly HealthCheck[], signal?: AbortSignal): Promise<HealthReport>;
}

/**
 * Readiness is polled often (load balancers, the Node host, tests), so results are cached for
 * `ttlMs`: a burst of probes costs one ping per dependency, and a dependency that goes down is
 * noticed within `ttlMs + timeoutMs`. Only finished results are cached, never in-flight
 * promises: on workerd a promise started by one request must not be awaited by another.
 */
export function createReadinessProbe(options: ReadinessProbeOptions = {}): ReadinessProbe {
  const ttlMs = options.ttlMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 1000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { result: CheckResult; at: number }>();

  return {
    async evaluate(checks, signal) {
      const results = await Promise.all(
        checks.map(async (check) => {
          const cached = cache.get(check.name);
          if (cached && now() - cached.at < ttlMs) return cached.result;
          const result = await runHealthCheck(check, { timeoutMs, ...(signal ? { signal } : {}) });
          // A run cut short by the caller says nothing about the dependency: do not keep it.
          if (!signal?.aborted) cache.set(check.name, { result, at: now() });
          return result;
        }),
      );
      return { status: overallStatus(results), checks: results };
    },
  };
}
