/** The summary table of a report: one row per run, from k6's end-of-test summary. */
import type { K6Summary, RunSection } from './report-model.ts';

const num = (summary: K6Summary, metric: string, stat: string): number => {
  const value = summary.metrics[metric]?.[stat];
  return typeof value === 'number' ? value : 0;
};
const ms = (value: number): string => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

/** Headers and rows (plain text) of the summary table. */
export function summaryRows(runs: readonly RunSection[]): { headers: string[]; rows: string[][] } {
  const headers = [
    'run',
    'seconds',
    'requests',
    'req/s',
    'goodput/s',
    'errors %',
    'shed 503',
    '429',
    'other 5xx',
    'no answer',
    'not sent',
    'past deadline',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'p99 admitted ms',
    'load avg (start/end)',
  ];
  const rows = runs.map((run) => {
    const s = run.summary;
    const seconds = (run.endedAt - run.startedAt) / 1000;
    const first = run.samples[0];
    const last = run.samples.at(-1);
    const loads = first && last ? `${first.load1.toFixed(2)} / ${last.load1.toFixed(2)}` : 'n/a';
    return [
      run.label,
      seconds.toFixed(0),
      String(num(s, 'http_reqs', 'count')),
      num(s, 'http_reqs', 'rate').toFixed(0),
      num(s, 'goodput', 'rate').toFixed(0),
      (num(s, 'errors', 'value') * 100).toFixed(2),
      String(num(s, 'shed_503', 'count')),
      String(num(s, 'rate_limited_429', 'count')),
      String(num(s, 'server_errors_5xx', 'count')),
      String(num(s, 'transport_errors', 'count')),
      String(num(s, 'dropped_iterations', 'count')),
      String(num(s, 'outlived_deadline', 'count')),
      ms(num(s, 'http_req_duration', 'med')),
      ms(num(s, 'http_req_duration', 'p(95)')),
      ms(num(s, 'http_req_duration', 'p(99)')),
      ms(num(s, 'http_req_duration', 'max')),
      ms(num(s, 'admitted_duration', 'p(99)')),
      loads,
    ];
  });
  return { headers, rows };
}

/** Per-operation latency rows (ops that ran). */
export function operationRows(run: RunSection): string[][] {
  return Object.keys(run.summary.metrics)
    .filter((metric) => metric.startsWith('op_') && num(run.summary, metric, 'count') > 0)
    .map((metric) => [
      run.label,
      metric.slice(3),
      String(num(run.summary, metric, 'count')),
      ms(num(run.summary, metric, 'p(95)')),
      ms(num(run.summary, metric, 'p(99)')),
    ]);
}
