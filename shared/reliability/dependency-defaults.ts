import type { BackoffOptions } from './backoff.ts';
import type { BulkheadOptions } from './bulkhead.ts';
import type { CircuitBreakerOptions } from './circuit-breaker.ts';
import type { DependencyName } from './reliability-errors.ts';
import type { RetryBudgetOptions } from './retry-budget.ts';

/** Full configuration of one dependency's policy (defaults below; reasons in ADR 0006-0009). */
export interface DependencyPolicyConfig {
  /** Cooperative timeout of one attempt, ms. */
  attemptTimeoutMs: number;
  retry: BackoffOptions & { maxRetries: number; budget: RetryBudgetOptions };
  breaker: Omit<CircuitBreakerOptions, 'countsAsFailure'>;
  bulkhead: BulkheadOptions;
  /** Whether `/health/ready` is false while this dependency's breaker is open. */
  required: boolean;
}

/** Defaults per dependency. */
export const DEPENDENCY_DEFAULTS: Record<DependencyName, DependencyPolicyConfig> = {
  postgres: {
    attemptTimeoutMs: 2_000,
    retry: { maxRetries: 2, jitter: 'full', initialDelayMs: 25, maxDelayMs: 500, budget: {} },
    // Probing a down Postgres costs one refused connect: probe early (2 s), back off to 6 s. The
    // cap bounds the time back to green once a long fault ends (ADR 0008: within 10 s).
    breaker: {
      consecutiveFailures: 5,
      failureRateThreshold: 0.5,
      failureRateWindowMs: 10_000,
      minimumCalls: 20,
      halfOpenAfterMs: 2_000,
      maxHalfOpenAfterMs: 6_000,
      halfOpenProbes: 2,
    },
    bulkhead: { concurrency: 20, queue: 40 },
    required: true,
  },
  redis: {
    attemptTimeoutMs: 500,
    retry: { maxRetries: 1, jitter: 'full', initialDelayMs: 20, maxDelayMs: 200, budget: {} },
    breaker: {
      consecutiveFailures: 5,
      failureRateThreshold: 0.5,
      failureRateWindowMs: 10_000,
      minimumCalls: 20,
      halfOpenAfterMs: 2_000,
      maxHalfOpenAfterMs: 6_000,
      halfOpenProbes: 3,
    },
    bulkhead: { concurrency: 64, queue: 64 },
    required: false,
  },
  kafka: {
    attemptTimeoutMs: 5_000,
    retry: { maxRetries: 3, jitter: 'decorrelated', initialDelayMs: 100, maxDelayMs: 2_000, budget: {} },
    breaker: {
      consecutiveFailures: 3,
      failureRateThreshold: 0.5,
      failureRateWindowMs: 30_000,
      minimumCalls: 10,
      halfOpenAfterMs: 5_000,
      maxHalfOpenAfterMs: 8_000,
      halfOpenProbes: 1,
    },
    bulkhead: { concurrency: 8, queue: 32 },
    required: false,
  },
  s3: {
    attemptTimeoutMs: 10_000,
    retry: { maxRetries: 2, jitter: 'full', initialDelayMs: 100, maxDelayMs: 2_000, budget: {} },
    breaker: {
      consecutiveFailures: 5,
      failureRateThreshold: 0.5,
      failureRateWindowMs: 30_000,
      minimumCalls: 10,
      halfOpenAfterMs: 5_000,
      maxHalfOpenAfterMs: 8_000,
      halfOpenProbes: 2,
    },
    bulkhead: { concurrency: 16, queue: 16 },
    required: false,
  },
};
