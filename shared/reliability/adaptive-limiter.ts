import { EventEmitter } from 'cockatiel';
import type { Event } from 'cockatiel';
import { createRttBaseline } from './rtt-baseline.ts';

/**
 * Adaptive concurrency limiter (ADR 0010): Gradient2's limit update (Netflix concurrency-limits)
 * with Envoy's adaptive-concurrency choices for the inputs.
 *
 * Per sample window: `shortRtt` = the window's MEDIAN latency (Envoy aggregates a window with
 * p50: a mean of ten heavy-tailed samples made one slow request look like queueing). The
 * no-queueing baseline is the minimum window median over the last `baselineHorizonMs` (a
 * windowed min-RTT, so neither one lucky fast request nor a long overload moves it; see
 * rtt-baseline.ts). `gradient = clamp(0.5, 1, rttTolerance * baseline / shortRtt)`;
 * `limit = limit * (1 - smoothing) + (limit * gradient + sqrt(limit)) * smoothing`: while the
 * median stays within the tolerance the limit grows by a headroom that scales with it (Envoy's
 * sqrt; a fixed +4 regrew far too slowly after a spike), when requests queue it shrinks by at
 * most 10% per window. Deadline drops cut it by `dropDecrease`. Never below `minLimit`, except
 * in a slow start: an `initialLimit` below `minLimit` is the floor until the limit first grows
 * to `minLimit` or `slowStartMs` have passed (a fresh, JIT-cold process admits less until it has
 * shown it copes; Envoy likewise starts at a small concurrency while it measures its minRTT).
 */

/** Options of {@link createAdaptiveLimiter}. */
export interface AdaptiveLimiterOptions {
  /** Starting limit; below `minLimit` it is a slow start (see above). Default 40. */
  initialLimit?: number;
  /**
   * Floor. Default 20 (Gradient2's default floor, and the Postgres bulkhead's concurrency: below
   * it shedding idles the pool the bulkhead admits; the reliability layer passes that size).
   */
  minLimit?: number;
  /** Ceiling. Default 1000. */
  maxLimit?: number;
  /** Weight of a new estimate against the current limit (0..1]. Default 0.2. */
  smoothing?: number;
  /** The window median may exceed the baseline by this factor before the limit shrinks. Default 2. */
  rttTolerance?: number;
  /** How long the baseline (min of window medians) remembers a window, ms. Default 60 000. */
  baselineHorizonMs?: number;
  /** Growth headroom per window at baseline latency. Default `sqrt(limit)` (Envoy). */
  headroom?: (limit: number) => number;
  /** A window closes after at least this many samples... Default 20 (a median needs a few). */
  windowMinSamples?: number;
  /** ...and at least this long (ms). Default 10: under load windows close by samples, so the
   * limit adapts within tens of requests (a per-second window reacted far too slowly). */
  windowMinMs?: number;
  /** Longest slow start (initialLimit below minLimit), ms from creation. Default 10 000. */
  slowStartMs?: number;
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
  /** The current no-queueing latency estimate, ms (undefined before the first window). */
  readonly baselineRtt: number | undefined;
  /** A permit, or `undefined` when at the limit (reject or queue the request). */
  tryAcquire(): LimiterPermit | undefined;
  readonly onLimitChange: Event<number>;
  /** Fires after every release, when a slot may have freed (the admission queue listens). */
  readonly onRelease: Event<void>;
}

const MAX_WINDOW_SAMPLES = 256;

/** Creates an adaptive concurrency limiter. */
export function createAdaptiveLimiter(options: AdaptiveLimiterOptions = {}): AdaptiveLimiter {
  const {
    initialLimit = 40,
    minLimit = 20,
    maxLimit = 1000,
    smoothing = 0.2,
    rttTolerance = 2,
    baselineHorizonMs = 60_000,
    headroom = Math.sqrt,
    windowMinSamples = 20,
    windowMinMs = 10,
    slowStartMs = 10_000,
    dropDecrease = 0.9,
    now = () => performance.now(),
  } = options;
  if (!(minLimit >= 1 && initialLimit >= 1 && minLimit <= maxLimit && initialLimit <= maxLimit)) {
    throw new RangeError('adaptive limiter needs 1 <= minLimit, initialLimit <= maxLimit');
  }
  const limitChanges = new EventEmitter<number>();
  const releases = new EventEmitter<void>();
  const baseline = createRttBaseline({ horizonMs: baselineHorizonMs });
  let estimate = initialLimit;
  // The floor in force: the initial limit during a slow start, `minLimit` once reached.
  let floor = Math.min(initialLimit, minLimit);
  const slowStartEnds = now() + slowStartMs;
  let limit = Math.floor(estimate);
  let inFlight = 0;
  // Current sample window.
  let windowStart = now();
  const rtts = new Float64Array(MAX_WINDOW_SAMPLES);
  let samples = 0; // latencies kept for the median (drops excluded)
  let counted = 0; // every sample, drops included: windows close by this
  let maxInFlight = 0;
  let dropped = false;

  const setEstimate = (next: number): void => {
    if (floor < minLimit && (next >= minLimit || now() >= slowStartEnds)) floor = minLimit;
    estimate = Math.min(maxLimit, Math.max(floor, next));
    const rounded = Math.floor(estimate);
    if (rounded !== limit) {
      limit = rounded;
      limitChanges.emit(limit);
    }
  };

  const closeWindow = (at: number): void => {
    if (dropped) {
      setEstimate(estimate * dropDecrease);
    } else if (samples > 0) {
      const sorted = rtts.subarray(0, samples).sort();
      const shortRtt = sorted[samples >> 1] as number;
      // Every window feeds the baseline, app-limited ones best of all (no queueing at all).
      const base = baseline.add(shortRtt, at);
      // App-limited: with less than half the limit in use, latency says nothing about headroom.
      if (maxInFlight >= estimate / 2 && shortRtt > 0) {
        const gradient = Math.max(0.5, Math.min(1, (rttTolerance * base) / shortRtt));
        const target = estimate * gradient + headroom(estimate);
        setEstimate(estimate * (1 - smoothing) + target * smoothing);
      }
    }
    samples = 0;
    counted = 0;
    maxInFlight = inFlight;
    dropped = false;
    windowStart = at;
  };

  const sample = (rtt: number, outcome: PermitOutcome, at: number): void => {
    if (outcome === 'ignore') return;
    // A drop's latency is its deadline, not a service time: it marks the window, not the median.
    if (outcome === 'dropped') dropped = true;
    else rtts[samples++] = rtt;
    counted++;
    if (samples >= MAX_WINDOW_SAMPLES || (counted >= windowMinSamples && at - windowStart >= windowMinMs)) closeWindow(at);
  };

  return {
    get limit() {
      return limit;
    },
    get inFlight() {
      return inFlight;
    },
    get baselineRtt() {
      return baseline.value(now());
    },
    onLimitChange: limitChanges.addListener,
    onRelease: releases.addListener,
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
          releases.emit();
        },
      };
    },
  };
}
