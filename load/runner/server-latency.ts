/**
 * Server-side latency of a benchmark round, beside the client's: the functions' own
 * `http_request_duration_seconds` histogram (first middleware to response) as the metrics
 * sidecar aggregates it, differenced over the round. The gap between the two is time the
 * request spent outside the handler: in the kernel's queues, in the load generator, on the wire.
 */

/** Cumulative bucket counts by upper bound (seconds; `Infinity` for `+Inf`). */
export type CumulativeBuckets = ReadonlyMap<number, number>;

const BUCKET_LINE = /^http_request_duration_seconds_bucket\{([^}]*)\} (\S+)$/;

/** Sums `http_request_duration_seconds_bucket` of one function over its routes and methods. */
export function parseDurationBuckets(exposition: string, fn: string, route?: string): CumulativeBuckets {
  const buckets = new Map<number, number>();
  for (const line of exposition.split('\n')) {
    const match = BUCKET_LINE.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...(match[1] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (labels['function'] !== fn || (route !== undefined && labels['route'] !== route)) continue;
    const bound = labels['le'] === '+Inf' ? Number.POSITIVE_INFINITY : Number(labels['le']);
    buckets.set(bound, (buckets.get(bound) ?? 0) + Number(match[2]));
  }
  return buckets;
}

/** What happened between two snapshots. */
export function bucketDelta(before: CumulativeBuckets, after: CumulativeBuckets): CumulativeBuckets {
  return new Map([...after].map(([bound, count]) => [bound, count - (before.get(bound) ?? 0)]));
}

/**
 * The q-quantile in milliseconds, interpolated linearly inside its bucket as PromQL's
 * histogram_quantile does; NaN without observations. A quantile in the `+Inf` bucket is
 * reported as the highest finite bound (it is at least that).
 */
export function quantileMs(buckets: CumulativeBuckets, q: number): number {
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total <= 0) return Number.NaN;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, count] of sorted) {
    if (count >= rank) {
      if (!Number.isFinite(bound)) return lowerBound * 1000;
      const inBucket = count - lowerCount;
      const fraction = inBucket === 0 ? 1 : (rank - lowerCount) / inBucket;
      return (lowerBound + (bound - lowerBound) * fraction) * 1000;
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound * 1000;
}

/** Observations in the histogram (its `+Inf` bucket). */
export function observations(buckets: CumulativeBuckets): number {
  return buckets.get(Number.POSITIVE_INFINITY) ?? 0;
}

/** Reads the sidecar's exposition (`<sidecar>/metrics`). */
export async function readSidecarBuckets(sidecarUrl: string, fn: string, route?: string): Promise<CumulativeBuckets> {
  const response = await fetch(`${sidecarUrl}/metrics`);
  if (!response.ok) throw new Error(`metrics sidecar at ${sidecarUrl} answered ${response.status}`);
  return parseDurationBuckets(await response.text(), fn, route);
}
