import type { BackoffOptions } from './backoff.ts';
import type { BulkheadOptions } from './bulkhead.ts';
import type { CircuitBreakerOptions } from './circuit-breaker.ts';
import type { FailureClassifier } from './failure-classification.ts';
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
  /** Dependency-specific error rules, consulted before the generic ones. */
  classify?: FailureClassifier;
}

/**
 * Postgres errors by SQLSTATE class: connection trouble, serialization failures, deadlocks and
 * resource exhaustion are transient; data and constraint errors are the caller's; syntax and
 * access errors are our bugs and must not open the breaker.
 */
export const classifyPostgresError: FailureClassifier = (error) => {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  if (code.startsWith('08') || code.startsWith('53') || code === '40001' || code === '40P01') return 'transient';
  if (code === '57P01' || code === '57P02' || code === '57P03') return 'transient';
  if (code.startsWith('22') || code.startsWith('23')) return 'caller';
  if (code.startsWith('42')) return 'local';
  return undefined;
};

/** kafkajs marks each error `retriable`; its own retries are off, so we honour the flag once. */
export const classifyKafkaError: FailureClassifier = (error) => {
  const retriable = (error as { retriable?: unknown } | null)?.retriable;
  if (retriable === true) return 'transient';
  if (retriable === false && (error as { name?: string }).name?.startsWith('KafkaJS')) return 'dependency';
  return undefined;
};

/** S3: a missing key or bucket is an answer, not a failure; throttling and 5xx are transient. */
export const classifyS3Error: FailureClassifier = (error) => {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'NoSuchKey' || name === 'NotFound' || name === 'NoSuchBucket' || name === 'EntityTooLarge') return 'caller';
  if (name === 'SlowDown' || name === 'ServiceUnavailable' || name === 'RequestTimeout') return 'transient';
  // The port's own `ObjectStoreError` codes are judged by classifyPortError (port-error-classification.ts).
  return undefined;
};

/** Redis: a script or type error (`WRONGTYPE`, `NOSCRIPT`, `ERR ...`) is ours, not Redis being down. */
export const classifyRedisError: FailureClassifier = (error) => {
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && /^(WRONGTYPE|NOSCRIPT|ERR )/.test(message)) return 'local';
  return undefined;
};

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
    classify: classifyPostgresError,
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
    classify: classifyRedisError,
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
    classify: classifyKafkaError,
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
    classify: classifyS3Error,
  },
};
