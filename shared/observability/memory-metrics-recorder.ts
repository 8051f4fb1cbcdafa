import { METRICS } from './metric-catalogue.ts';
import type { MetricDefinition, MetricKey } from './metric-catalogue.ts';
import type { MetricsRecorder } from './metrics-recorder.port.ts';

/** One series in prom-client's `getMetricsAsJSON()` shape. */
export interface MetricValueJson {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

/** One metric in prom-client's `getMetricsAsJSON()` shape (the sidecar's push format). */
export interface MetricJson {
  name: string;
  help: string;
  type: MetricDefinition['type'];
  aggregator: MetricDefinition['aggregator'];
  values: MetricValueJson[];
}

interface Series {
  readonly labels: Readonly<Record<string, string>>;
  value: number;
  /** Histograms: cumulative counts are computed on export; these are per-bucket counts. */
  buckets?: number[];
  sum?: number;
}

/** The in-memory registry: a recorder plus the two export formats. */
export interface MemoryMetricsRecorder extends MetricsRecorder {
  /** prom-client `getMetricsAsJSON()`-compatible snapshot. */
  metricsAsJson(): MetricJson[];
  /** Prometheus text exposition format 0.0.4. */
  metrics(): string;
  readonly contentType: string;
}

const escapeLabel = (value: string): string => value.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('"', '\\"');
const formatLabels = (labels: Readonly<Record<string, string | number>>): string => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(String(v))}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};

/**
 * Catalogue-driven metrics registry in plain TypeScript (web-standard: same code on Node and
 * workerd). ADR 0011: on the request hot path it costs a string join and a Map lookup per
 * call, where prom-client re-hashes the label object on every call; its output is exactly
 * prom-client's JSON shape and text format, so the sidecar and Prometheus cannot tell.
 */
export function createMemoryMetricsRecorder(): MemoryMetricsRecorder {
  // Every series of a metric, in creation order (for export).
  const series = new Map<MetricKey, Series[]>();
  // Callers with constant labels pass the same object every time (e.g. `{ function }`):
  // remembering the last object per metric skips building the key on the hot path.
  const last = new Map<MetricKey, { labels: object; entry: Series }>();
  for (const key of Object.keys(METRICS) as MetricKey[]) series.set(key, []);

  const find = (key: MetricKey, labels: Readonly<Record<string, string>>): Series => {
    const remembered = last.get(key);
    if (remembered?.labels === labels) return remembered.entry;
    const entry = lookup(key, labels);
    last.set(key, { labels, entry });
    return entry;
  };

  // Series are found through one nested Map per label (values in declaration order): no key
  // string is built on the hot path.
  const tries = new Map<MetricKey, Map<string, unknown>>();
  const lookup = (key: MetricKey, labels: Readonly<Record<string, string>>): Series => {
    const definition = METRICS[key];
    const names = definition.labelNames as readonly string[];
    let level = tries.get(key);
    if (!level) tries.set(key, (level = new Map()));
    for (let i = 0; i < names.length - 1; i++) {
      const value = (labels as Record<string, string>)[names[i] as string] ?? '';
      let next = level.get(value) as Map<string, unknown> | undefined;
      if (!next) level.set(value, (next = new Map()));
      level = next;
    }
    const leaf = names.length === 0 ? '' : ((labels as Record<string, string>)[names[names.length - 1] as string] ?? '');
    let entry = level.get(leaf) as Series | undefined;
    if (!entry) {
      const copy: Record<string, string> = {};
      for (const name of names) copy[name] = (labels as Record<string, string>)[name] ?? '';
      entry = { labels: copy, value: 0 };
      if (definition.type === 'histogram') {
        entry.buckets = new Array<number>(('buckets' in definition ? definition.buckets.length : 0) + 1).fill(0);
        entry.sum = 0;
      }
      level.set(leaf, entry);
      (series.get(key) as Series[]).push(entry);
    }
    return entry;
  };

  const toJson = (key: MetricKey, definition: MetricDefinition): MetricJson => {
    const values: MetricValueJson[] = [];
    for (const entry of series.get(key) as Series[]) {
      if (definition.type !== 'histogram') {
        values.push({ value: entry.value, labels: { ...entry.labels } });
        continue;
      }
      const bounds = definition.buckets ?? [];
      let cumulative = 0;
      bounds.forEach((le, i) => {
        cumulative += entry.buckets?.[i] ?? 0;
        values.push({ value: cumulative, metricName: `${definition.name}_bucket`, labels: { le, ...entry.labels } });
      });
      values.push({ value: entry.value, metricName: `${definition.name}_bucket`, labels: { le: '+Inf', ...entry.labels } });
      values.push({ value: entry.sum ?? 0, metricName: `${definition.name}_sum`, labels: { ...entry.labels } });
      values.push({ value: entry.value, metricName: `${definition.name}_count`, labels: { ...entry.labels } });
    }
    return { name: definition.name, help: definition.help, type: definition.type, aggregator: definition.aggregator, values };
  };

  const keys = Object.keys(METRICS) as MetricKey[];
  // Like prom-client: a metric without labels exposes its (zero) series from the start.
  for (const key of keys) if (METRICS[key].labelNames.length === 0) lookup(key, {});
  return {
    increment(key, labels, value = 1) {
      find(key, labels).value += value;
    },
    set(key, labels, value) {
      find(key, labels).value = value;
    },
    add(key, labels, delta) {
      find(key, labels).value += delta;
    },
    observe(key, labels, value) {
      const entry = find(key, labels);
      const bounds = METRICS[key].buckets;
      let i = 0;
      while (i < bounds.length && value > (bounds[i] as number)) i++;
      const buckets = entry.buckets as number[];
      buckets[i] = (buckets[i] ?? 0) + 1;
      entry.sum = (entry.sum ?? 0) + value;
      entry.value++;
    },
    metricsAsJson: () => keys.map((key) => toJson(key, METRICS[key])),
    metrics() {
      let out = '';
      for (const metric of keys.map((key) => toJson(key, METRICS[key]))) {
        out += `# HELP ${metric.name} ${metric.help}\n# TYPE ${metric.name} ${metric.type}\n`;
        for (const v of metric.values) out += `${v.metricName ?? metric.name}${formatLabels(v.labels)} ${v.value}\n`;
      }
      return out;
    },
    contentType: 'text/plain; version=0.0.4; charset=utf-8',
  };
}
