/**
 * The no-queueing latency of the adaptive limiter (ADR 0010): the minimum of the window medians
 * seen over a sliding horizon, kept in a few time buckets (a windowed min-RTT, as BBR and
 * Envoy's minRTT use).
 *
 * Why not the exponential average of window means it replaced: with ~40 windows a second, a
 * 600-sample average followed an overload up within seconds and was pulled down 5% at a time by
 * any lucky fast window, so the gradient read noise as queueing. A minimum of medians is not
 * fooled by one fast request (it is a median) nor by a long overload (it remembers the horizon),
 * and still forgets: a workload that became slower for good is the new baseline after the
 * horizon.
 */

/** Options of {@link createRttBaseline}. */
export interface RttBaselineOptions {
  /** How long a window median counts, ms. Default 60 000. */
  horizonMs?: number;
  /** Buckets the horizon is kept in (memory and expiry granularity). Default 6. */
  buckets?: number;
}

/** A sliding-window minimum of latencies. */
export interface RttBaseline {
  /** Records a window's median at `at` (ms); returns the baseline including it. */
  add(rtt: number, at: number): number;
  /** The baseline at `at`, or undefined when nothing was recorded within the horizon. */
  value(at: number): number | undefined;
}

/** Creates a windowed-minimum latency baseline. */
export function createRttBaseline(options: RttBaselineOptions = {}): RttBaseline {
  const { horizonMs = 60_000, buckets = 6 } = options;
  if (!(horizonMs > 0 && buckets >= 1)) throw new RangeError('rtt baseline needs horizonMs > 0 and buckets >= 1');
  const bucketMs = horizonMs / buckets;
  // Oldest first; each bucket holds the minimum recorded during [start, start + bucketMs).
  const kept: { start: number; min: number }[] = [];

  const expire = (at: number): void => {
    while (kept.length > 0 && (kept[0] as { start: number }).start + horizonMs <= at) kept.shift();
  };
  const minimum = (): number | undefined => {
    let min: number | undefined;
    for (const bucket of kept) if (min === undefined || bucket.min < min) min = bucket.min;
    return min;
  };

  return {
    add(rtt, at) {
      expire(at);
      const last = kept[kept.length - 1];
      if (last && at < last.start + bucketMs) last.min = Math.min(last.min, rtt);
      else kept.push({ start: at, min: rtt });
      return minimum() as number;
    },
    value(at) {
      expire(at);
      return minimum();
    },
  };
}
