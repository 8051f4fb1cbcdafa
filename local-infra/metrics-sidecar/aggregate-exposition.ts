import { AggregatorRegistry } from 'prom-client';
import type { MetricFamily } from './metric-model.ts';

/** Aggregated families in `getMetricsAsJSON()` shape, for the built-in dashboard. */
export interface AggregatedSnapshot {
  text: string;
  families: MetricFamily[];
}

/**
 * Aggregates per-source metric lists exactly as prom-client's cluster mode does
 * (`AggregatorRegistry.aggregate`: per family, the declared aggregator or `sum`) and renders the
 * Prometheus text format. Sources are the live instances plus the retired totals.
 */
export async function aggregateSources(sources: MetricFamily[][]): Promise<AggregatedSnapshot> {
  const registry = AggregatorRegistry.aggregate(sources);
  const text = await registry.metrics();
  const families = (await registry.getMetricsAsJSON()) as unknown as MetricFamily[];
  return { text, families };
}
