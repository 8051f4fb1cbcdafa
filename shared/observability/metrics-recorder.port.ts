import type { MetricKeyOfType, MetricLabels } from './metric-catalogue.ts';

/**
 * Runtime-agnostic port for recording metrics from the catalogue.
 *
 * Middleware and policies depend on this interface only (the platform records into prom-client
 * on Node and workerd alike; unit tests may pass {@link noopMetricsRecorder}). Metric keys and
 * label sets are checked against `metric-catalogue.ts` at compile time: a typo cannot create a
 * new series.
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

/** A recorder plus what `/metrics` and the sidecar push read from it: one process's registry. */
export interface MetricsRegistry extends MetricsRecorder {
  /** Prometheus text exposition of everything recorded so far. */
  metrics(): Promise<string>;
  /** Content-Type header for {@link metrics}. */
  readonly contentType: string;
  /** prom-client's `getMetricsAsJSON()` shape: the body of a push to the sidecar (ADR 0013). */
  metricsAsJson(): Promise<readonly unknown[]>;
}

/** A recorder that drops everything: the default where no metrics are wanted (unit tests). */
export const noopMetricsRecorder: MetricsRecorder = {
  increment() {},
  set() {},
  add() {},
  observe() {},
};
