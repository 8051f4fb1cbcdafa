/** The charts of a report, built from the k6 recordings and the system samples. */
import type { Band, LineChartOptions, Series } from './charts.ts';
import type { RecordPoint } from './k6-record.ts';
import type { ReportModel, RunSection } from './report-model.ts';

/** A chart to render, with the file name it gets. */
export interface ChartPlan {
  readonly file: string;
  readonly options: LineChartOptions;
}

const OPS = ['timeline', 'user', 'post', 'follow', 'media', 'signup'];

function recordSeries(run: RunSection, name: string, pick: (point: RecordPoint) => number | undefined, prefix: string): Series {
  const start = run.startedAt;
  return {
    name: `${prefix}${name}`,
    points: run.recording.points.map((point) => ({ x: (point.t - start) / 1000, y: pick(point) ?? Number.NaN })),
  };
}

function sampleSeries(
  run: RunSection,
  name: string,
  pick: (sample: RunSection['samples'][number]) => number | undefined,
  prefix: string,
): Series {
  return {
    name: `${prefix}${name}`,
    points: run.samples.map((sample) => ({ x: (sample.t - run.startedAt) / 1000, y: pick(sample) ?? Number.NaN })),
  };
}

/** Shaded intervals where a dependency's port was closed (chaos). */
export function dependencyBands(run: RunSection): Band[] {
  const bands: Band[] = [];
  const open = new Map<string, number>();
  for (const sample of run.samples) {
    for (const [service, up] of Object.entries(sample.dependencies)) {
      const since = open.get(service);
      if (!up && since === undefined) open.set(service, sample.t);
      if (up && since !== undefined) {
        bands.push({ from: (since - run.startedAt) / 1000, to: (sample.t - run.startedAt) / 1000, label: `${service} down` });
        open.delete(service);
      }
    }
  }
  const last = run.samples.at(-1)?.t ?? run.endedAt;
  for (const [service, from] of open)
    bands.push({ from: (from - run.startedAt) / 1000, to: (last - run.startedAt) / 1000, label: `${service} down` });
  return bands;
}

/** Shaded intervals where a gray fault was on. */
export function faultBands(run: RunSection): Band[] {
  return (run.gray ?? []).map((row) => ({
    from: (row.appliedAt - run.startedAt) / 1000,
    to: (row.removedAt - run.startedAt) / 1000,
    label: row.fault,
  }));
}

// A counter absent from a period had no events in it: 0, not a gap.
const rate = (metric: string) => (point: RecordPoint) => point.metrics[metric]?.['rate'] ?? 0;
const trend = (metric: string, stat: string) => (point: RecordPoint) => {
  const value = point.metrics[metric]?.[stat];
  return value === undefined || value === 0 ? undefined : value;
};

/** Plans every chart of the report (several runs are overlaid, prefixed by their label). */
export function planCharts(model: ReportModel): ChartPlan[] {
  const many = model.runs.length > 1;
  const prefix = (run: RunSection): string => (many ? `${run.label}: ` : '');
  const [only] = model.runs;
  const bands = only && model.runs.length === 1 ? [...dependencyBands(only), ...faultBands(only)] : [];
  const all = (make: (run: RunSection, p: string) => Series[]): Series[] => model.runs.flatMap((run) => make(run, prefix(run)));
  const plans: ChartPlan[] = [
    {
      file: 'throughput.png',
      options: {
        title: 'Throughput (per second)',
        yTitle: 'requests / s',
        bands,
        series: all((run, p) => [
          recordSeries(run, 'all responses', rate('http_reqs'), p),
          recordSeries(run, 'goodput (2xx within deadline)', rate('goodput'), p),
          recordSeries(run, 'shed (503)', rate('shed_503'), p),
          recordSeries(run, 'rate limited (429)', rate('rate_limited_429'), p),
          recordSeries(run, 'other 5xx', rate('server_errors_5xx'), p),
          recordSeries(run, 'no answer', rate('transport_errors'), p),
          recordSeries(run, 'not sent (k6 out of VUs)', rate('dropped_iterations'), p),
        ]),
      },
    },
    {
      file: 'latency.png',
      options: {
        title: 'Latency percentiles per second (all responses)',
        yTitle: 'ms (log)',
        logY: true,
        bands,
        series: all((run, p) => [
          recordSeries(run, 'p50', trend('http_req_duration', 'med'), p),
          recordSeries(run, 'p95', trend('http_req_duration', 'p(95)'), p),
          recordSeries(run, 'p99', trend('http_req_duration', 'p(99)'), p),
          recordSeries(run, 'p99 admitted', trend('admitted_duration', 'p(99)'), p),
        ]),
      },
    },
    {
      file: 'latency-by-operation.png',
      options: {
        title: 'p99 latency per operation',
        yTitle: 'ms (log)',
        logY: true,
        bands,
        series: all((run, p) =>
          OPS.filter((op) => run.summary.metrics[`op_${op}`]?.['count']).map((op) => recordSeries(run, op, trend(`op_${op}`, 'p(99)'), p)),
        ),
      },
    },
    {
      file: 'instances.png',
      options: {
        title: 'Function instances: resident memory (sum) and CPU (sum, % of one core)',
        yTitle: 'MiB / %',
        bands,
        series: all((run, p) => [
          sampleSeries(run, 'RSS MiB', (s) => sum(Object.values(s.processes).map((proc) => proc?.rssMb)), p),
          sampleSeries(run, 'CPU %', (s) => sum(Object.values(s.processes).map((proc) => proc?.cpuPct)), p),
          sampleSeries(run, 'load average x100', (s) => s.load1 * 100, p),
        ]),
      },
    },
    {
      file: 'protection.png',
      options: {
        title: 'Reliability layer, as the metrics sidecar aggregates it (per second; breaker: 0 closed, 1 half-open, 2 open)',
        yTitle: 'events / s',
        bands,
        series: all((run, p) => [
          sidecarRate(run, 'load_shed_requests_total', 'shed (sidecar)', p),
          sidecarRate(run, 'deadline_exceeded_total', 'deadline exceeded', p),
          sidecarRate(run, 'rate_limited_requests_total', 'rate limited', p),
          sidecarRate(run, 'bulkhead_rejected_total', 'bulkhead rejected', p),
          sampleSeries(run, 'worst breaker state x10', (s) => (s.sidecar?.['circuit_breaker_state'] ?? Number.NaN) * 10, p),
        ]),
      },
    },
    {
      file: 'connections.png',
      options: {
        title: 'Connections: Postgres (pg_stat_activity) and Redis clients',
        yTitle: 'connections',
        bands,
        series: all((run, p) => [
          sampleSeries(run, 'postgres total', (s) => s.pgConnections?.total, p),
          sampleSeries(run, 'postgres active', (s) => s.pgConnections?.active, p),
          sampleSeries(run, 'redis clients', (s) => s.redisClients, p),
        ]),
      },
    },
  ];
  return plans;
}

/** Per-second increase of a cumulative sidecar counter between samples. */
function sidecarRate(run: RunSection, metric: string, name: string, prefix: string): Series {
  const points = run.samples.slice(1).map((sample, i) => {
    const before = run.samples[i];
    const now = sample.sidecar?.[metric];
    const then = before?.sidecar?.[metric];
    const seconds = before ? (sample.t - before.t) / 1000 : 1;
    const y = now === undefined || then === undefined ? Number.NaN : Math.max(0, now - then) / seconds;
    return { x: (sample.t - run.startedAt) / 1000, y };
  });
  return { name: `${prefix}${name}`, points };
}

function sum(values: readonly (number | undefined)[]): number {
  return values.reduce<number>((total, value) => total + (value ?? 0), 0);
}
