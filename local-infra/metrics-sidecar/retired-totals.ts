import type { SeriesValue } from './metric-model.ts';
import type { TrackedSeries } from './instance-series.ts';

/**
 * What instances counted before they restarted, reset a metric or went away, per series. Added to
 * the live instances' counts on every scrape, this is what keeps aggregated counters monotonic.
 */
export class RetiredTotals {
  readonly #totals = new Map<string, { family: string; sample: SeriesValue }>();

  /** Folds a series' contribution (what it counted since its baseline); point-in-time values are dropped. */
  add(series: TrackedSeries): void {
    if (!series.monotonic) return;
    const contribution = series.value - series.baseline;
    const key = series.key;
    const entry = this.#totals.get(key);
    if (entry) {
      entry.sample.value += contribution;
      return;
    }
    this.#totals.set(key, {
      family: series.family,
      sample: { metricName: series.metricName, labels: series.labels, value: contribution, key },
    });
  }

  get size(): number {
    return this.#totals.size;
  }

  keys(): IterableIterator<string> {
    return this.#totals.keys();
  }

  /** Retired samples grouped by family, copies safe to hand to an aggregator. */
  byFamily(): Map<string, SeriesValue[]> {
    const out = new Map<string, SeriesValue[]>();
    for (const { family, sample } of this.#totals.values()) {
      const list = out.get(family);
      const copy = { ...sample };
      if (list) list.push(copy);
      else out.set(family, [copy]);
    }
    return out;
  }
}
