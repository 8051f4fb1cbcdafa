import { groupKey, isMonotonicSum, seriesKey } from './metric-model.ts';
import type { Aggregator, InstanceInfo, MetricFamily, MetricType, PushPayload, SeriesValue } from './metric-model.ts';
import { mergeInstanceSeries } from './instance-series.ts';
import type { TrackedSeries } from './instance-series.ts';
import { RetiredTotals } from './retired-totals.ts';

/** Why (part of) a push was refused; exported as `metrics_sidecar_refused_total{reason}`. */
export type StoreRefusal = 'instance_cap' | 'series_cap' | 'type_conflict' | 'reserved_name';

/** The sidecar's own metrics; a push may not shadow them. */
const RESERVED_PREFIX = 'metrics_sidecar_';

export interface AggregationStoreOptions {
  /** Live instances tracked at once; a push from one more is refused (default 500). */
  maxInstances?: number;
  /** Distinct series (live + retired) kept; series beyond are refused (default 20000). */
  maxSeries?: number;
  /** Point-in-time values (gauges) of an instance that stopped pushing vanish after this (default 30 s). */
  gaugeTtlMs?: number;
  /** An instance silent this long is retired: counts folded into totals, state freed (default 5 min). */
  instanceTtlMs?: number;
  /**
   * Declared metrics (the metric catalogue): their type and aggregator win over what a push
   * says, so a recorder that omits `aggregator` cannot turn `max` into `sum`.
   */
  declared?: readonly FamilyMeta[];
}

export interface IngestResult {
  /** False when the whole push was refused (nothing changed). */
  applied: boolean;
  acceptedSeries: number;
  refused: Partial<Record<StoreRefusal, number>>;
  /** Groups (counter series / histogram label sets) whose reset was detected and folded. */
  resets: number;
  /** Silent instances retired by the sweep that runs before every push. */
  retiredInstances: number;
}

/** Type, help and aggregator of a family, from the catalogue or from its first push. */
export interface FamilyMeta {
  name: string;
  help: string;
  type: MetricType;
  aggregator: Aggregator;
}

interface InstanceState {
  info: InstanceInfo;
  lastSeen: number;
  series: Map<string, TrackedSeries>;
}

/**
 * Cross-instance aggregation with monotonic counters (ADR 0014). Each instance's latest snapshot
 * is kept; what an instance counted before a restart, a reset or its disappearance is folded into
 * retired totals, so the exported sum never goes down. Memory is bounded by the caps above.
 */
export class AggregationStore {
  readonly #options: Required<Omit<AggregationStoreOptions, 'declared'>>;
  readonly #instances = new Map<string, InstanceState>();
  readonly #families = new Map<string, FamilyMeta>();
  readonly #retired = new RetiredTotals();
  #known = new Set<string>();
  /** Instances retired by TTL (id -> startedAt): if one comes back its old counts are already folded. */
  readonly #tombstones = new Map<string, number>();

  constructor(options: AggregationStoreOptions = {}) {
    const { declared = [], ...rest } = options;
    this.#options = { maxInstances: 500, maxSeries: 20_000, gaugeTtlMs: 30_000, instanceTtlMs: 300_000, ...rest };
    for (const m of declared) this.#families.set(m.name, { name: m.name, help: m.help, type: m.type, aggregator: m.aggregator });
  }

  /** Applies one validated push at time `now` (epoch ms). */
  ingest(payload: PushPayload, now: number): IngestResult {
    const retiredInstances = this.sweep(now);
    const { instance } = payload;
    const existing = this.#instances.get(instance.id);
    if (!existing && this.#instances.size >= this.#options.maxInstances) {
      return { applied: false, acceptedSeries: 0, refused: { instance_cap: 1 }, resets: 0, retiredInstances };
    }
    const refused: Partial<Record<StoreRefusal, number>> = {};
    const refuse = (reason: StoreRefusal, n: number) => (refused[reason] = (refused[reason] ?? 0) + n);
    const accepted: { meta: FamilyMeta; group: string; values: SeriesValue[] }[] = [];

    for (const family of payload.metrics) {
      if (family.name.startsWith(RESERVED_PREFIX)) {
        refuse('reserved_name', family.values.length);
        continue;
      }
      const meta = this.#families.get(family.name) ?? family;
      if (meta.type !== family.type) {
        refuse('type_conflict', family.values.length);
        continue;
      }
      const groups = new Map<string, SeriesValue[]>();
      for (const v of family.values) {
        const key = seriesKey(v.metricName, v.labels);
        // Counters and gauges: the series is its own group; histograms group by labels minus le.
        const g =
          v.metricName === family.name && v.labels.le === undefined && v.labels.quantile === undefined
            ? key
            : groupKey(family.name, v.labels);
        const list = groups.get(g);
        const keyed = { ...v, key };
        if (list) list.push(keyed);
        else groups.set(g, [keyed]);
      }
      for (const [g, values] of groups) {
        const fresh = values.filter((v) => !this.#known.has(v.key ?? ''));
        if (this.#known.size + fresh.length > this.#options.maxSeries) {
          refuse('series_cap', values.length);
          continue;
        }
        for (const v of fresh) this.#known.add(v.key ?? '');
        if (!this.#families.has(family.name)) this.#families.set(family.name, { ...meta });
        accepted.push({ meta, group: g, values });
      }
    }

    const restarted = existing !== undefined && existing.info.startedAt !== instance.startedAt;
    if (restarted) this.#foldAll(existing.series);
    const returning = !existing && this.#tombstones.get(instance.id) === instance.startedAt;
    const incoming = new Map<string, TrackedSeries>();
    for (const { meta, group, values } of accepted) {
      for (const v of values) {
        const key = v.key ?? seriesKey(v.metricName, v.labels);
        incoming.set(key, {
          ...v,
          key,
          family: meta.name,
          group,
          monotonic: isMonotonicSum(meta, v.metricName),
          // A histogram's _sum may legitimately fall (negative observations): buckets and count decide.
          detectsReset: meta.type === 'counter' || !v.metricName.endsWith('_sum'),
          baseline: 0,
        });
      }
    }
    const merged = mergeInstanceSeries(restarted ? undefined : existing?.series, incoming, { returning });
    for (const s of merged.folded) this.#retired.add(s);
    this.#instances.set(instance.id, { info: instance, lastSeen: now, series: merged.series });
    this.#tombstones.delete(instance.id);
    return { applied: true, acceptedSeries: incoming.size, refused, resets: merged.resets + (restarted ? 1 : 0), retiredInstances };
  }

  /** Retires instances silent past `instanceTtlMs`; returns how many. */
  sweep(now: number): number {
    let retired = 0;
    for (const [id, state] of this.#instances) {
      if (now - state.lastSeen <= this.#options.instanceTtlMs) continue;
      this.#foldAll(state.series);
      this.#instances.delete(id);
      this.#tombstones.set(id, state.info.startedAt);
      retired++;
    }
    // Bounded like everything else: the oldest tombstones go first (Map keeps insertion order).
    for (const id of this.#tombstones.keys()) {
      if (this.#tombstones.size <= this.#options.maxInstances * 4) break;
      this.#tombstones.delete(id);
    }
    if (retired > 0) this.#rebuildKnown();
    return retired;
  }

  /**
   * One metric list per source (each live instance, plus the retired totals), in the shape of
   * prom-client's `getMetricsAsJSON()`, ready for `AggregatorRegistry.aggregate`. Monotonic
   * series contribute what they counted since their baseline; point-in-time values only while
   * their instance is fresh (`gaugeTtlMs`).
   */
  sources(now: number): MetricFamily[][] {
    const out: MetricFamily[][] = [];
    for (const state of this.#instances.values()) {
      const fresh = now - state.lastSeen <= this.#options.gaugeTtlMs;
      const byFamily = new Map<string, SeriesValue[]>();
      for (const s of state.series.values()) {
        if (!s.monotonic && !fresh) continue;
        const value = s.monotonic ? s.value - s.baseline : s.value;
        const sample = { metricName: s.metricName, labels: s.labels, value, key: s.key };
        const list = byFamily.get(s.family);
        if (list) list.push(sample);
        else byFamily.set(s.family, [sample]);
      }
      out.push(this.#asFamilies(byFamily));
    }
    out.push(this.#asFamilies(this.#retired.byFamily()));
    return out;
  }

  /** Sizes for the sidecar's own gauges. */
  stats(): { instances: Record<string, number>; series: number; retiredSeries: number } {
    const instances: Record<string, number> = { node: 0, workerd: 0 };
    for (const s of this.#instances.values()) instances[s.info.runtime] = (instances[s.info.runtime] ?? 0) + 1;
    return { instances, series: this.#known.size, retiredSeries: this.#retired.size };
  }

  #foldAll(series: Map<string, TrackedSeries>): void {
    for (const s of series.values()) this.#retired.add(s);
  }

  #rebuildKnown(): void {
    const known = new Set<string>(this.#retired.keys());
    for (const state of this.#instances.values()) for (const k of state.series.keys()) known.add(k);
    this.#known = known;
  }

  #asFamilies(byFamily: Map<string, SeriesValue[]>): MetricFamily[] {
    const families: MetricFamily[] = [];
    for (const [name, values] of byFamily) {
      const meta = this.#families.get(name);
      if (meta) families.push({ ...meta, values });
    }
    return families;
  }
}
