import { circuitBreaker, CircuitState, EventEmitter, ExponentialBackoff, handleWhen, noJitterGenerator } from 'cockatiel';
import type { CircuitBreakerPolicy, Event, IBackoff, IBackoffFactory, IDisposable } from 'cockatiel';
import { HybridBreaker } from './hybrid-breaker.ts';

/** Breaker state as exposed to health routes and metrics. */
export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

/** Value of the `circuit_breaker_state` gauge (brief: 0 closed, 1 half-open, 2 open). */
export const BREAKER_STATE_GAUGE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2, isolated: 2 };

/** Options of {@link createCircuitBreaker} (defaults: ADR 0008). */
export interface CircuitBreakerOptions {
  /** Open after this many consecutive counted failures. Default 5. */
  consecutiveFailures?: number;
  /** Open when the failure share in the window exceeds this. Default 0.5. */
  failureRateThreshold?: number;
  /** Sliding window for the failure rate. Default 10 000 ms. */
  failureRateWindowMs?: number;
  /** Calls needed in the window before the rate mode may open. Default 20. */
  minimumCalls?: number;
  /** Time open before letting probes through. Default 5000 ms. */
  halfOpenAfterMs?: number;
  /** Each failed half-open doubles the open time, up to this. Default 60 000 ms. */
  maxHalfOpenAfterMs?: number;
  /** Probe calls let through while half-open before deciding. Default 3. */
  halfOpenProbes?: number;
  /** Share of probes allowed to fail and still close (0 = any failure reopens). Default 0. */
  halfOpenFailureThreshold?: number;
  /** Which errors count as failures (see failure-classification.ts). Default: all. */
  countsAsFailure?: (error: unknown) => boolean;
}

export interface CircuitBreaker {
  readonly state: BreakerState;
  /** The last counted failure, for `/health/deep`. */
  readonly lastFailure: unknown;
  /** Runs `fn` unless open; throws cockatiel's BrokenCircuitError when open. */
  execute<T>(fn: (signal: AbortSignal) => PromiseLike<T> | T, signal?: AbortSignal): Promise<T>;
  /** Fires on every state change; returns a disposable that unsubscribes. */
  readonly onStateChange: Event<BreakerState>;
  /** Seconds until the breaker will let probes through (0 unless open): a `Retry-After` hint. */
  retryAfterSeconds(): number;
  /**
   * Whether a call now would be refused without a probe: open and still inside the open
   * period, or isolated. An open breaker whose period has passed lets the next call probe, so
   * readiness must not keep reporting it as down (nothing would ever probe it).
   */
  isRejecting(): boolean;
  /** Holds the breaker open (maintenance, tests) until the handle is disposed. */
  isolate(): IDisposable;
}

/**
 * Wraps a backoff so each duration it hands out is reported: cockatiel asks its `halfOpenAfter`
 * backoff for the open period every time the breaker opens, and keeps the answer private.
 */
function reportingDurations<T>(backoff: IBackoffFactory<T>, onDuration: (ms: number) => void): IBackoffFactory<T> {
  const report = (next: IBackoff<T>): IBackoff<T> => {
    onDuration(next.duration);
    return { duration: next.duration, next: (context) => report(next.next(context)) };
  };
  return { next: (context) => report(backoff.next(context)) };
}

const FROM_COCKATIEL: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/**
 * Creates a circuit breaker: cockatiel's CircuitBreakerPolicy with the hybrid (consecutive OR
 * failure-rate) strategy, N-probe half-open sampling and exponential open times.
 */
export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  const {
    consecutiveFailures = 5,
    failureRateThreshold = 0.5,
    failureRateWindowMs = 10_000,
    minimumCalls = 20,
    halfOpenAfterMs = 5_000,
    maxHalfOpenAfterMs = 60_000,
    halfOpenProbes = 3,
    halfOpenFailureThreshold = 0,
    countsAsFailure = () => true,
  } = options;
  // When the breaker opened and for how long, to answer Retry-After: cockatiel takes the open
  // period from the backoff below just before it reports the state change to open.
  let openedAt = 0;
  let openForMs = halfOpenAfterMs;
  const halfOpenAfter = reportingDurations(
    new ExponentialBackoff({ generator: noJitterGenerator, initialDelay: halfOpenAfterMs, maxDelay: maxHalfOpenAfterMs }),
    (ms) => (openForMs = ms),
  );
  const policy: CircuitBreakerPolicy = circuitBreaker(handleWhen(countsAsFailure), {
    breaker: new HybridBreaker({ consecutiveFailures, failureRateThreshold, windowMs: failureRateWindowMs, minimumCalls }),
    halfOpenAfter,
    halfOpenSampling: { calls: halfOpenProbes, threshold: halfOpenFailureThreshold },
  });

  const emitter = new EventEmitter<BreakerState>();
  policy.onStateChange((cockatielState) => {
    const state = FROM_COCKATIEL[cockatielState];
    if (state === 'open') openedAt = Date.now();
    emitter.emit(state);
  });

  return {
    get state() {
      return FROM_COCKATIEL[policy.state];
    },
    get lastFailure() {
      const failure = policy.lastFailure;
      return failure && 'error' in failure ? failure.error : undefined;
    },
    execute: (fn, signal) => policy.execute(({ signal: inner }) => fn(inner), signal),
    onStateChange: emitter.addListener,
    retryAfterSeconds() {
      if (policy.state === CircuitState.Isolated) return Math.ceil(halfOpenAfterMs / 1000);
      if (policy.state !== CircuitState.Open) return 0;
      return Math.max(1, Math.ceil((openedAt + openForMs - Date.now()) / 1000));
    },
    isRejecting() {
      if (policy.state === CircuitState.Isolated) return true;
      return policy.state === CircuitState.Open && Date.now() < openedAt + openForMs;
    },
    isolate: () => policy.isolate(),
  };
}
