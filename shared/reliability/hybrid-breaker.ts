import { CircuitState, ConsecutiveBreaker, SamplingBreaker } from 'cockatiel';
import type { IBreaker } from 'cockatiel';

/** Options of {@link HybridBreaker}. */
export interface HybridBreakerOptions {
  /** Open after this many failures in a row. */
  consecutiveFailures: number;
  /** Open when more than this fraction (0..1, exclusive) of calls in the window failed... */
  failureRateThreshold: number;
  /** ...over a sliding window of this length... */
  windowMs: number;
  /** ...provided at least this many calls happened in the window (no tripping on 2 of 3). */
  minimumCalls: number;
}

/**
 * A cockatiel breaker strategy that opens when EITHER cockatiel's ConsecutiveBreaker or its
 * SamplingBreaker (failure rate over a time window) would (ADR 0008). Consecutive catches a
 * hard-down dependency quickly at any traffic level; the rate mode catches a dependency that
 * fails a large share of calls while occasional successes keep resetting the consecutive count.
 */
export class HybridBreaker implements IBreaker {
  private readonly consecutive: ConsecutiveBreaker;
  private readonly sampling: SamplingBreaker;

  constructor(options: HybridBreakerOptions) {
    if (!Number.isSafeInteger(options.consecutiveFailures) || options.consecutiveFailures < 1) {
      throw new RangeError(`consecutiveFailures must be a positive integer, got ${options.consecutiveFailures}`);
    }
    this.consecutive = new ConsecutiveBreaker(options.consecutiveFailures);
    // SamplingBreaker expresses its minimum as calls per second over the window.
    this.sampling = new SamplingBreaker({
      threshold: options.failureRateThreshold,
      duration: options.windowMs,
      minimumRps: options.minimumCalls / (options.windowMs / 1000),
    });
  }

  get state(): unknown {
    return { consecutive: this.consecutive.state, sampling: this.sampling.state };
  }

  set state(value: unknown) {
    const saved = value as { consecutive: number; sampling: unknown };
    this.consecutive.state = saved.consecutive;
    this.sampling.state = saved.sampling;
  }

  success(state: CircuitState): void {
    this.consecutive.success();
    this.sampling.success(state);
  }

  failure(state: CircuitState): boolean {
    // Both must see every failure, so no short-circuit `||`.
    const byCount = this.consecutive.failure();
    const byRate = this.sampling.failure(state);
    return byCount || byRate || state !== CircuitState.Closed;
  }
}
