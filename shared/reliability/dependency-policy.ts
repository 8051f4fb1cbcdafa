import { isBrokenCircuitError, isBulkheadRejectedError } from 'cockatiel';
import type { Event } from 'cockatiel';
import { errorFields, silentLogger } from '../observability/logger.ts';
import type { Logger } from '../observability/logger.ts';
import { noopMetricsRecorder } from '../observability/metrics-recorder.port.ts';
import type { MetricsRecorder } from '../observability/metrics-recorder.port.ts';
import { createAttemptTimeout } from './attempt-timeout.ts';
import type { AttemptTimeout } from './attempt-timeout.ts';
import { createBackoff } from './backoff.ts';
import { createBulkhead } from './bulkhead.ts';
import { BREAKER_STATE_GAUGE, createCircuitBreaker } from './circuit-breaker.ts';
import type { BreakerState } from './circuit-breaker.ts';
import { DEPENDENCY_DEFAULTS } from './dependency-defaults.ts';
import type { DependencyPolicyConfig } from './dependency-defaults.ts';
import { classifyFailure, countsAgainstBreaker } from './failure-classification.ts';
import type { FailureKind } from './failure-kind.ts';
import { abortError, DependencyTimeoutError, DependencyUnavailableError } from './reliability-errors.ts';
import type { DependencyName } from './reliability-errors.ts';
import { createRetry } from './retry.ts';
import { createRetryBudget } from './retry-budget.ts';
import { abortable } from '../runtime/abortable.ts';

/** Options of {@link createDependencyPolicy}: the dependency plus overrides of its defaults. */
export interface DependencyPolicyOptions {
  dependency: DependencyName;
  attemptTimeoutMs?: number;
  retry?: Partial<DependencyPolicyConfig['retry']>;
  breaker?: Partial<DependencyPolicyConfig['breaker']>;
  bulkhead?: Partial<DependencyPolicyConfig['bulkhead']>;
  required?: boolean;
  metrics?: MetricsRecorder;
  logger?: Logger;
}

/** Per-call options. */
export interface DependencyCallOptions {
  /** The caller's signal (the request deadline): the call never outlives it. */
  signal?: AbortSignal;
  /** Safe to run twice? Only idempotent calls are retried. Default false. */
  idempotent?: boolean;
  /** Logger carrying the request id, for the failure line. */
  logger?: Logger;
  /**
   * False runs the call without the retry layer (one attempt), whatever `idempotent` says:
   * for callers that already back off themselves (trigger scopes: the outbox relay's next run,
   * the consumer's batch redelivery). Retry at ONE layer only. Default true.
   */
  retry?: boolean;
  /** Overrides the policy's attempt timeout for this call, ms (e.g. a transaction that spans a publish). */
  attemptTimeoutMs?: number;
}

/** Outcome label of `dependency_call_duration_seconds`. */
export type CallOutcome = 'success' | 'error' | 'timeout' | 'rejected' | 'cancelled' | 'client_error';

/** What `/health/deep` shows for one dependency. */
export interface DependencyHealth {
  readonly dependency: DependencyName;
  readonly required: boolean;
  readonly state: BreakerState;
  /** True while calls are refused outright (open within its open period, or isolated). */
  readonly rejecting: boolean;
  readonly lastError?: { readonly message: string; readonly code?: string; readonly at: string };
  /** Latency of the last completed call and a moving average (EWMA, alpha 0.2), ms. */
  readonly lastLatencyMs?: number;
  readonly averageLatencyMs?: number;
  readonly retryBudget: { readonly available: number; readonly capacity: number };
  readonly bulkhead: { readonly freeSlots: number; readonly freeQueue: number };
}

export interface DependencyPolicy {
  readonly dependency: DependencyName;
  readonly config: Readonly<DependencyPolicyConfig>;
  /**
   * Runs `fn` through deadline -> retry (budget) -> breaker -> bulkhead -> attempt timeout.
   * `fn` gets the attempt's signal and must pass it to the client library.
   */
  execute<T>(operation: string, fn: (signal: AbortSignal) => Promise<T>, options?: DependencyCallOptions): Promise<T>;
  health(): DependencyHealth;
  readonly onStateChange: Event<BreakerState>;
}

const neverAborted = new AbortController().signal;

function mergeConfig(options: DependencyPolicyOptions): DependencyPolicyConfig {
  const base = DEPENDENCY_DEFAULTS[options.dependency];
  return {
    attemptTimeoutMs: options.attemptTimeoutMs ?? base.attemptTimeoutMs,
    retry: { ...base.retry, ...options.retry },
    breaker: { ...base.breaker, ...options.breaker },
    bulkhead: { ...base.bulkhead, ...options.bulkhead },
    required: options.required ?? base.required,
  };
}

function outcomeOf(kind: FailureKind, error: unknown): CallOutcome {
  if (error instanceof DependencyTimeoutError) return 'timeout';
  if (error instanceof DependencyUnavailableError) return 'rejected';
  if (kind === 'caller') return 'client_error';
  if (kind === 'local') return 'cancelled';
  return 'error';
}

/**
 * Creates the composed policy of one dependency (ADR 0006-0009), with metrics recorded into
 * the catalogue and breaker state changes logged.
 */
export function createDependencyPolicy(options: DependencyPolicyOptions): DependencyPolicy {
  const { dependency, metrics = noopMetricsRecorder, logger = silentLogger } = options;
  const config = mergeConfig(options);
  const labels = { dependency } as const;

  const budget = createRetryBudget(config.retry.budget);
  const retry = createRetry({
    maxRetries: config.retry.maxRetries,
    backoff: createBackoff(config.retry),
    budget,
    isRetryable: (error) => classifyFailure(error) === 'transient',
  });
  const breaker = createCircuitBreaker({ ...config.breaker, countsAsFailure: (error) => countsAgainstBreaker(classifyFailure(error)) });
  const bulkhead = createBulkhead(config.bulkhead);
  const timeout = createAttemptTimeout(config.attemptTimeoutMs);
  // Per-call overrides are few distinct values (trigger scopes): one cockatiel policy each.
  const otherTimeouts = new Map<number, AttemptTimeout>();
  const timeoutFor = (ms: number | undefined): AttemptTimeout => {
    if (ms === undefined || ms === config.attemptTimeoutMs) return timeout;
    let existing = otherTimeouts.get(ms);
    if (!existing) otherTimeouts.set(ms, (existing = createAttemptTimeout(ms)));
    return existing;
  };

  retry.onRetry(() => metrics.increment('dependencyRetriesTotal', labels));
  retry.onGiveUp(({ reason }) => {
    if (reason === 'budget') metrics.increment('retryBudgetExhaustedTotal', labels);
  });
  bulkhead.onReject(() => metrics.increment('bulkheadRejectedTotal', labels));
  metrics.set('circuitBreakerState', labels, BREAKER_STATE_GAUGE.closed);
  breaker.onStateChange((state) => {
    metrics.set('circuitBreakerState', labels, BREAKER_STATE_GAUGE[state]);
    const fields = { dependency, state, ...(state === 'open' ? errorFields(breaker.lastFailure) : {}) };
    if (state === 'open') logger.error('circuit breaker opened', fields);
    else logger.warn('circuit breaker state changed', fields);
  });

  let lastError: DependencyHealth['lastError'];
  let lastLatencyMs: number | undefined;
  let averageLatencyMs: number | undefined;

  const translate = (error: unknown): unknown => {
    if (isBrokenCircuitError(error))
      return new DependencyUnavailableError(dependency, 'circuit_open', breaker.retryAfterSeconds(), { cause: error });
    if (isBulkheadRejectedError(error)) return new DependencyUnavailableError(dependency, 'bulkhead_full', 1, { cause: error });
    return error;
  };

  return {
    dependency,
    config,
    onStateChange: breaker.onStateChange,
    async execute(operation, fn, callOptions = {}) {
      const callerSignal = callOptions.signal ?? neverAborted;
      // Work whose caller already gave up is dropped, not started.
      if (callerSignal.aborted) throw abortError(callerSignal);
      const attemptTimeout = timeoutFor(callOptions.attemptTimeoutMs);
      const attempt = async (signal: AbortSignal): Promise<Awaited<ReturnType<typeof fn>>> => {
        try {
          return await fn(signal);
        } catch (error) {
          if (callerSignal.aborted) throw abortError(callerSignal);
          if (signal.aborted) throw new DependencyTimeoutError(dependency, attemptTimeout.timeoutMs, { cause: error });
          throw error;
        }
      };
      const started = performance.now();
      try {
        const work = retry.execute(
          async ({ signal }) => {
            try {
              return await breaker.execute((s1) => bulkhead.execute((s2) => attemptTimeout.execute(attempt, s2), s1), signal);
            } catch (error) {
              throw translate(error);
            }
          },
          { signal: callerSignal, idempotent: (callOptions.idempotent ?? false) && callOptions.retry !== false },
        );
        // Never outlive the caller: stop waiting the moment it gives up (a signal that cannot abort needs no race).
        const value = await (callerSignal === neverAborted ? work : abortable(callerSignal, work, abortError));
        const elapsed = performance.now() - started;
        lastLatencyMs = elapsed;
        averageLatencyMs = averageLatencyMs === undefined ? elapsed : averageLatencyMs * 0.8 + elapsed * 0.2;
        metrics.observe('dependencyCallDurationSeconds', { dependency, operation, outcome: 'success' }, elapsed / 1000);
        return value;
      } catch (error) {
        const elapsed = performance.now() - started;
        const kind = classifyFailure(error);
        const outcome = outcomeOf(kind, error);
        metrics.observe('dependencyCallDurationSeconds', { dependency, operation, outcome }, elapsed / 1000);
        if (countsAgainstBreaker(kind)) {
          const code = (error as { code?: unknown } | null)?.code;
          lastError = {
            message: error instanceof Error ? error.message : String(error),
            ...(typeof code === 'string' ? { code } : {}),
            at: new Date().toISOString(),
          };
          (callOptions.logger ?? logger).warn('dependency call failed', {
            dependency,
            operation,
            outcome,
            durationMs: Math.round(elapsed),
            ...errorFields(error),
          });
        }
        throw error;
      }
    },
    health() {
      return {
        dependency,
        required: config.required,
        state: breaker.state,
        rejecting: breaker.isRejecting(),
        ...(lastError ? { lastError } : {}),
        ...(lastLatencyMs === undefined ? {} : { lastLatencyMs: Math.round(lastLatencyMs * 10) / 10 }),
        ...(averageLatencyMs === undefined ? {} : { averageLatencyMs: Math.round(averageLatencyMs * 10) / 10 }),
        retryBudget: { available: budget.available, capacity: budget.capacity },
        bulkhead: { freeSlots: bulkhead.executionSlots, freeQueue: bulkhead.queueSlots },
      };
    },
  };
}
