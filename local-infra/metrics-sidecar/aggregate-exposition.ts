import { AggregatorRegistry } from 'prom-client';
import { seriesKey } from './metric-model.ts';
import type { MetricFamily, SeriesValue } from './metric-model.ts';

/** Aggregated families in `getMetricsAsJSON()` shape, for the built-in dashboard. */
export interface AggregatedSnapshot {
  text: string;
  families: MetricFamily[];
}

/**
 * Pre-sums every `sum` family across sources into one source. Same result as prom-client's
 * `sum` aggregator (addition per series), but prom-client then groups one list instead of one
 * per instance: scrape time stops growing with the number of instances for the common case.
 */
function presum(sources: readonly MetricFamily[][]): MetricFamily[][] {
  const summed = new Map<string, { family: MetricFamily; series: Map<string, SeriesValue> }>();
  const rest: MetricFamily[][] = [];
  for (const source of sources) {
    const others: MetricFamily[] = [];
    for (const family of source) {
      if (family.aggregator !== 'sum') {
        others.push(family);
        continue;
      }
      let entry = summed.get(family.name);
      if (!entry) summed.set(family.name, (entry = { family, series: new Map() }));
      for (const v of family.values) {
        const key = v.key ?? seriesKey(v.metricName, v.labels);
        const existing = entry.series.get(key);
        if (existing) existing.value += v.value;
        else entry.series.set(key, { ...v });
      }
    }
    if (others.length > 0) rest.push(others);
  }
  const combined = [...summed.values()].map(({ family, series }) => ({ ...family, values: [...series.values()] }));
  return [combined, ...rest];
}

/**
 * Aggregates per-source metric lists exactly as prom-client's cluster mode does
 * (`AggregatorRegistry.aggregate`: per family, the declared aggregator or `sum`) and renders the
 * Prometheus text format. Sources are the live instances plus the retired totals.
 */
export async function aggregateSources(sources: MetricFamily[][]): Promise<AggregatedSnapshot> {
  const registry = AggregatorRegistry.aggregate(presum(sources));
  const text = await registry.metrics();
  const families = (await registry.getMetricsAsJSON()) as unknown as MetricFamily[];
  return { text, families };
}
