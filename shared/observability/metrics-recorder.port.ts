import type { MetricKeyOfType, MetricLabels } from './metric-catalogue.ts';

/**
 * Runtime-agnostic port for recording metrics from the catalogue.
 *
 * Middleware and policies depend on this interface only, so the same code records into
 * prom-client on Node and into the JSON recorder on workerd. Metric keys and label sets are
 * checked against `metric-catalogue.ts` at compile time: a typo cannot create a new series.
 */
export interface MetricsRecorder {
  /** Adds `value` (default 1) to a counter. */
  increment<K extends MetricKeyOfType<'counter'>>(metric: K, labels: MetricLabels<K>, value?: number): void;
  /** Sets a gauge. */
  set<K extends MetricKeyOfType<'gauge'>>(metric: K, labels: MetricLabels<K>, value: number): void;
  /** Adds `delta` (may be negative) to a gauge, e.g. in-flight requests. */
  add<K extends MetricKeyOfType<'gauge'>>(metric: K, labels: MetricLabels<K>, delta: number): void;
  /** Records one observation (seconds for durations) in a histogram. */
  observe<K extends MetricKeyOfType<'histogram'>>(metric: K, labels: MetricLabels<K>, value: number): void;
}

/** A recorder that drops everything: the default where no metrics are wanted (unit tests). */
export const noopMetricsRecorder: MetricsRecorder = {
  increment() {},
  set() {},
  add() {},
  observe() {},
};
