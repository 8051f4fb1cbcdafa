/**
 * The sidecar's model of pushed metrics: the shape of prom-client's `getMetricsAsJSON()` after
 * validation, with label values normalised to strings (prom-client sends `le: 0.1` as a number
 * and `le: "+Inf"` as a string; Prometheus only knows strings).
 */

/** Metric types prom-client produces. */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

/** prom-client's aggregators (`metricAggregators.js`); a metric declares one, default `sum`. */
export const AGGREGATORS = ['sum', 'first', 'min', 'max', 'average', 'omit'] as const;
export type Aggregator = (typeof AGGREGATORS)[number];

/** One sample of a family, e.g. `http_request_duration_seconds_bucket{le="0.1",function="posts"}`. */
export interface SeriesValue {
  /** Full series name (`_bucket`, `_sum`, `_count` for histograms; the family name otherwise). */
  metricName: string;
  labels: Readonly<Record<string, string>>;
  value: number;
  /** `seriesKey(metricName, labels)`, cached where the sidecar already computed it (hot path). */
  key?: string;
}

/** One metric family as pushed by an instance. */
export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  aggregator: Aggregator;
  values: readonly SeriesValue[];
}

export type Runtime = 'node' | 'workerd';

/** Who pushed: one Node process or one workerd isolate. */
export interface InstanceInfo {
  id: string;
  function: string;
  runtime: Runtime;
  /** Epoch milliseconds; a different value for the same id means the instance restarted. */
  startedAt: number;
}

export interface PushPayload {
  instance: InstanceInfo;
  metrics: readonly MetricFamily[];
}

/** Stable identity of a series: name plus sorted labels. */
export function seriesKey(metricName: string, labels: Readonly<Record<string, string>>): string {
  const names = Object.keys(labels).sort();
  let key = metricName;
  for (const n of names) key += `\u0000${n}\u0001${labels[n]}`;
  return key;
}

/**
 * Identity of the group a series belongs to: a histogram's buckets, sum and count for one label
 * set reset together, so a reset is detected and folded for the whole group, never per bucket
 * (per-bucket detection could make a lower bucket exceed a higher one).
 */
export function groupKey(family: string, labels: Readonly<Record<string, string>>): string {
  const rest: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (k !== 'le' && k !== 'quantile') rest[k] = v;
  return seriesKey(family, rest);
}

/**
 * Whether a series only ever grows within one process: counters, histogram buckets/sum/count and
 * summary sum/count, when summed across instances. Only these are folded into retired totals;
 * everything else (gauges, quantiles, non-sum aggregators) is a point-in-time value.
 */
export function isMonotonicSum(family: Pick<MetricFamily, 'name' | 'type' | 'aggregator'>, metricName: string): boolean {
  if (family.aggregator !== 'sum') return false;
  if (family.type === 'counter' || family.type === 'histogram') return true;
  if (family.type === 'summary') return metricName === `${family.name}_sum` || metricName === `${family.name}_count`;
  return false;
}
