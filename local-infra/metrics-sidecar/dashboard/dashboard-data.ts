import type { SloConfig } from '#local-infra/prometheus/slo-config.ts';
import type { FunctionSample, Sample } from './history.ts';

/** One burn-rate reading for the SLO table. */
export interface BurnReading {
  function: string;
  slo: 'availability' | 'latency';
  objective: number;
  /** Burn rate over the last 5 minutes and over the whole history (up to 1 h); null without traffic. */
  burn5m: number | null;
  burn1h: number | null;
}

/** Everything the built-in dashboard page draws. */
export interface DashboardData {
  generatedAt: number;
  functions: string[];
  /** Timestamps of the points below (end of each interval). */
  t: number[];
  rate: Record<string, (number | null)[]>;
  errorRatio: Record<string, (number | null)[]>;
  latency: Record<string, { p50: (number | null)[]; p95: (number | null)[]; p99: (number | null)[] }>;
  shed: Record<string, (number | null)[]>;
  limited: Record<string, (number | null)[]>;
  /** Platform instances (starting or ready) at the end of each interval. */
  platformInstances: Record<string, (number | null)[]>;
  /** Requests throttled 429 by the platform's gateway, per second. */
  throttled: Record<string, (number | null)[]>;
  breakers: Record<string, number>;
  instances: Record<string, number>;
  slo: BurnReading[];
}

/**
 * Quantile from cumulative bucket counts, as PromQL's histogram_quantile does: linear
 * interpolation inside the bucket holding the rank; the highest finite bound if it falls in +Inf.
 */
export function bucketQuantile(q: number, buckets: Record<string, number>): number | null {
  const sorted = Object.entries(buckets)
    .map(([le, count]) => ({ le: le === '+Inf' ? Infinity : Number(le), count }))
    .sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const { le, count } of sorted) {
    if (count >= rank) {
      if (le === Infinity) return prevLe;
      const inBucket = count - prevCount;
      return inBucket <= 0 ? le : prevLe + ((le - prevLe) * (rank - prevCount)) / inBucket;
    }
    prevLe = le;
    prevCount = count;
  }
  return prevLe;
}

function delta(a: FunctionSample | undefined, b: FunctionSample | undefined): FunctionSample | null {
  if (!b) return null;
  const from = a ?? { requests: 0, errors: 0, buckets: {}, count: 0, shed: 0, limited: 0, inFlight: 0, platformInstances: 0, throttled: 0 };
  // A drop means the sidecar restarted: no meaningful difference for this interval.
  if (b.requests < from.requests || b.count < from.count) return null;
  const buckets: Record<string, number> = {};
  for (const [le, n] of Object.entries(b.buckets)) buckets[le] = n - (from.buckets[le] ?? 0);
  return {
    requests: b.requests - from.requests,
    errors: b.errors - from.errors,
    buckets,
    count: b.count - from.count,
    shed: b.shed - from.shed,
    limited: b.limited - from.limited,
    inFlight: b.inFlight,
    platformInstances: b.platformInstances,
    throttled: b.throttled - from.throttled,
  };
}

function burn(d: FunctionSample | null, slo: 'availability' | 'latency', objective: number, threshold: number): number | null {
  if (!d) return null;
  const budget = 1 - objective;
  if (slo === 'availability') return d.requests > 0 ? d.errors / d.requests / budget : null;
  if (d.count <= 0) return null;
  const fast = d.buckets[String(threshold)] ?? 0;
  return (1 - fast / d.count) / budget;
}

/** Builds the page's data from the history: per-interval rates and percentiles, burn rates. */
export function dashboardData(samples: readonly Sample[], slos: SloConfig, now: number): DashboardData {
  const last = samples.at(-1);
  const names = new Set<string>(slos.functions.map((s) => s.function));
  for (const s of samples) for (const f of Object.keys(s.functions)) names.add(f);
  const functions = [...names].sort();
  const data: DashboardData = {
    generatedAt: now,
    functions,
    t: samples.slice(1).map((s) => s.t),
    rate: {},
    errorRatio: {},
    latency: {},
    shed: {},
    limited: {},
    platformInstances: {},
    throttled: {},
    breakers: last?.breakers ?? {},
    instances: last?.instances ?? {},
    slo: [],
  };
  for (const f of functions) {
    const deltas = samples
      .slice(1)
      .map((s, i) => ({ d: delta(samples[i]?.functions[f], s.functions[f]), dt: (s.t - (samples[i]?.t ?? s.t)) / 1000 }));
    const perSecond = (pick: (d: FunctionSample) => number) => deltas.map(({ d, dt }) => (d && dt > 0 ? pick(d) / dt : null));
    data.rate[f] = perSecond((d) => d.requests);
    data.shed[f] = perSecond((d) => d.shed);
    data.limited[f] = perSecond((d) => d.limited);
    data.throttled[f] = perSecond((d) => d.throttled);
    data.platformInstances[f] = samples.slice(1).map((s) => s.functions[f]?.platformInstances ?? null);
    data.errorRatio[f] = deltas.map(({ d }) => (d && d.requests > 0 ? d.errors / d.requests : null));
    const q = (quantile: number) => deltas.map(({ d }) => (d ? bucketQuantile(quantile, d.buckets) : null));
    data.latency[f] = { p50: q(0.5), p95: q(0.95), p99: q(0.99) };
  }
  if (last) {
    const since = (ms: number) => samples.find((s) => s.t >= last.t - ms) ?? samples[0];
    for (const slo of slos.functions) {
      const d5 = delta(since(5 * 60_000)?.functions[slo.function], last.functions[slo.function]);
      const d60 = delta(since(60 * 60_000)?.functions[slo.function], last.functions[slo.function]);
      for (const kind of ['availability', 'latency'] as const) {
        const objective = kind === 'availability' ? slo.availability : slo.latency.objective;
        const threshold = slo.latency.thresholdSeconds;
        data.slo.push({
          function: slo.function,
          slo: kind,
          objective,
          burn5m: burn(d5, kind, objective, threshold),
          burn1h: burn(d60, kind, objective, threshold),
        });
      }
    }
  }
  return data;
}
