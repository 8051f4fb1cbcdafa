import type { MetricFamily } from '../metric-model.ts';

/** What one function looked like at one instant (cumulative counts, as aggregated). */
export interface FunctionSample {
  requests: number;
  errors: number;
  /** Cumulative histogram buckets summed over routes and methods: le -> count. */
  buckets: Record<string, number>;
  count: number;
  shed: number;
  limited: number;
  inFlight: number;
  /** Instances on the Node platform, starting or ready (a gauge: the value now, not a count). */
  platformInstances: number;
  /** Requests the platform's gateway throttled (429) past max instances x max concurrency. */
  throttled: number;
}

/** One point of the dashboard's history. */
export interface Sample {
  t: number;
  functions: Record<string, FunctionSample>;
  /** Worst breaker state per dependency (0 closed, 1 half-open, 2 open). */
  breakers: Record<string, number>;
  instances: Record<string, number>;
}

function emptyFunction(): FunctionSample {
  return { requests: 0, errors: 0, buckets: {}, count: 0, shed: 0, limited: 0, inFlight: 0, platformInstances: 0, throttled: 0 };
}

/** Reduces the aggregated families to the few numbers the dashboard draws. */
export function reduceSample(t: number, families: readonly MetricFamily[], instances: Record<string, number>): Sample {
  const functions: Record<string, FunctionSample> = {};
  const breakers: Record<string, number> = {};
  const fn = (name: string | undefined) => (functions[name ?? 'unknown'] ??= emptyFunction());
  for (const family of families) {
    for (const v of family.values) {
      const metric = v.metricName ?? family.name;
      const f = v.labels.function;
      switch (metric) {
        case 'http_requests_total':
          fn(f).requests += v.value;
          if (v.labels.status_class === '5xx') fn(f).errors += v.value;
          break;
        case 'http_request_duration_seconds_bucket': {
          const buckets = fn(f).buckets;
          const le = String(v.labels.le);
          buckets[le] = (buckets[le] ?? 0) + v.value;
          break;
        }
        case 'http_request_duration_seconds_count':
          fn(f).count += v.value;
          break;
        case 'load_shed_requests_total':
          fn(f).shed += v.value;
          break;
        case 'rate_limited_requests_total':
          fn(f).limited += v.value;
          break;
        case 'http_requests_in_flight':
          fn(f).inFlight += v.value;
          break;
        case 'platform_instances':
          if (v.labels.state !== 'draining') fn(f).platformInstances += v.value;
          break;
        case 'platform_throttled_total':
          fn(f).throttled += v.value;
          break;
        case 'circuit_breaker_state': {
          const dep = String(v.labels.dependency);
          breakers[dep] = Math.max(breakers[dep] ?? 0, v.value);
          break;
        }
      }
    }
  }
  return { t, functions, breakers, instances };
}

/** A bounded ring of samples (default 720: one hour at the default 5 s interval). */
export class MetricsHistory {
  readonly #capacity: number;
  readonly #samples: Sample[] = [];

  constructor(capacity = 720) {
    this.#capacity = capacity;
  }

  record(sample: Sample): void {
    this.#samples.push(sample);
    if (this.#samples.length > this.#capacity) this.#samples.shift();
  }

  samples(): readonly Sample[] {
    return this.#samples;
  }
}
