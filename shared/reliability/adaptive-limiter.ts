import { EventEmitter } from 'cockatiel';
import type { Event } from 'cockatiel';

/**
 * Adaptive concurrency limiter in the spirit of Netflix concurrency-limits' Gradient2 (ADR 0010).
 *
 * It learns how many requests may run at once from latency alone. Per sample window it
 * compares the window's average latency ("short RTT") with a slow exponential average
 * ("long RTT", the no-queueing baseline). When latency rises above `rttTolerance` times the
 * baseline, requests are queueing somewhere (event loop, pool, dependency): the limit shrinks
 * by the gradient. While latency is at baseline, the limit grows by `queueSize` per window,
 * probing for headroom. Explicit overload signals (a request that hit its deadline) cut the
 * limit multiplicatively, as in Vegas/AIMD. Excess requests are rejected, never queued.
 */

/** Options of {@link createAdaptiveLimiter}. */
export interface AdaptiveLimiterOptions {
  /** Starting limit. Default 40. */
  initialLimit?: number;
  /** Floor: the limiter never goes below this. Default 10. */
  minLimit?: number;
  /** Ceiling. Default 1000. */
  maxLimit?: number;
  /** Weight of a new estimate against the current limit (0..1]. Default 0.2. */
  smoothing?: number;
  /** Latency may exceed the baseline by this factor before the limit shrinks. Default 1.5. */
  rttTolerance?: number;
  /** Samples in the long-RTT exponential average (its time constant). Default 600. */
  longWindow?: number;
  /** Growth per window at baseline latency (room for a small queue). Default 4. */
  queueSize?: number;
  /** A window closes after at least this many samples... Default 10. */
  windowMinSamples?: number;
  /** ...and at least this long (ms). Default 10: windows close by samples under load, so the
   * limit adapts within tens of requests (a per-second window reacted far too slowly). */
  windowMinMs?: number;
  /** Multiplier applied on an overload signal. Default 0.9. */
  dropDecrease?: number;
  /** Monotonic clock in ms. Default `performance.now`. */
  now?: () => number;
}

/** How a request admitted by the limiter ended. */
export type PermitOutcome = 'success' | 'dropped' | 'ignore';

/** A slot; release it exactly once. */
export interface LimiterPermit {
  release(outcome: PermitOutcome): void;
}

export interface AdaptiveLimiter {
  readonly limit: number;
  readonly inFlight: number;
  /** A permit, or `undefined` when at the limit (reject the request). */
  tryAcquire(): LimiterPermit | undefined;
  readonly onLimitChange: Event<number>;
}

/** Creates an adaptive concurrency limiter. */
export function createAdaptiveLimiter(options: AdaptiveLimiterOptions = {}): AdaptiveLimiter {
  const {
    initialLimit = 40, minLimit = 10, maxLimit = 1000, smoothing = 0.2, rttTolerance = 1.5, longWindow = 600,
    queueSize = 4, windowMinSamples = 10, windowMinMs = 10, dropDecrease = 0.9, now = () => performance.now(),
  } = options;
  if (!(minLimit >= 1 && minLimit <= initialLimit && initialLimit <= maxLimit)) {
    throw new RangeError('adaptive limiter needs 1 <= minLimit <= initialLimit <= maxLimit');
  }
  const emitter = new EventEmitter<number>();
  const longAlpha = 2 / (longWindow + 1);
  let estimate = initialLimit;
  let limit = Math.floor(estimate);
  let inFlight = 0;
  let longRtt = 0;
  // Current sample window.
  let windowStart = now();
  let samples = 0;
  let rttSum = 0;
  let maxInFlight = 0;
  let dropped = false;

  const setEstimate = (next: number): void => {
    estimate = Math.min(maxLimit, Math.max(minLimit, next));
    const rounded = Math.floor(estimate);
    if (rounded !== limit) {
      limit = rounded;
      emitter.emit(limit);
    }
  };

  const closeWindow = (): void => {
    const shortRtt = rttSum / samples;
    if (dropped) {
      setEstimate(estimate * dropDecrease);
    } else if (shortRtt > 0) {
      longRtt = longRtt === 0 ? shortRtt : longRtt + (shortRtt - longRtt) * longAlpha;
      // After a long overload the baseline is inflated; let it fall back quickly.
      if (longRtt / shortRtt > 2) longRtt *= 0.95;
      // App-limited: with less than half the limit in use, latency says nothing about headroom.
      if (maxInFlight >= estimate / 2) {
        const gradient = Math.max(0.5, Math.min(1, (rttTolerance * longRtt) / shortRtt));
        const target = estimate * gradient + queueSize;
        setEstimate(estimate * (1 - smoothing) + target * smoothing);
      }
    }
    samples = 0;
    rttSum = 0;
    maxInFlight = inFlight;
    dropped = false;
  };

  const sample = (rtt: number, outcome: PermitOutcome, at: number): void => {
    if (outcome === 'ignore') return;
    if (outcome === 'dropped') dropped = true;
    samples++;
    rttSum += rtt;
    if (samples >= windowMinSamples && at - windowStart >= windowMinMs) {
      closeWindow();
      windowStart = at;
    }
  };

  return {
    get limit() {
      return limit;
    },
    get inFlight() {
      return inFlight;
    },
    onLimitChange: emitter.addListener,
    tryAcquire() {
      if (inFlight >= limit) return undefined;
      inFlight++;
      if (inFlight > maxInFlight) maxInFlight = inFlight;
      const started = now();
      let released = false;
      return {
        release(outcome) {
          if (released) return;
          released = true;
          inFlight--;
          const at = now();
          sample(at - started, outcome, at);
        },
      };
    },
  };
}
