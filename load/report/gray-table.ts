/** The gray scenario's per-fault table (one row per fault, in schedule order). */
import type { RunSection } from './report-model.ts';

const HEADERS = [
  'fault',
  'acked',
  'lost',
  'dup',
  'past deadline',
  'requests',
  'degraded reads',
  'retries / calls',
  'mean call ms (before -> on)',
  'breakers (from fault on)',
  'back to green',
  'slow clients',
  'hypothesis',
];

/** HTML of the table, or '' when no run has gray rows. */
export function grayTable(runs: readonly RunSection[], escape: (text: string) => string): string {
  const rows = runs.flatMap((run) => run.gray ?? []);
  if (rows.length === 0) return '';
  const mark = (bad: boolean, text: string): string => `<span class="${bad ? 'fail' : 'pass'}">${escape(text)}</span>`;
  const body = rows.map((row) => {
    const green =
      row.greenMs === undefined
        ? mark(true, `not green: ${row.notGreenReason}`)
        : mark(row.greenMs > 10_000, `${(row.greenMs / 1000).toFixed(1)} s`);
    const cells = [
      escape(row.fault),
      String(row.acknowledged),
      mark(row.lost > 0, String(row.lost)),
      mark(row.duplicates > 0, String(row.duplicates)),
      mark(row.pastDeadline > 0, String(row.pastDeadline)),
      String(row.requests),
      `${(row.degradedShare * 100).toFixed(1)}%`,
      mark(!row.retriesWithinBudget, row.retries),
      escape(row.callLatency),
      escape(row.breakers),
      green,
      escape(row.slowClients),
      escape(row.hypothesis),
    ];
    return `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
  });
  return `<h2>Gray faults (each fault owns its slot: on, hold, off, recovery)</h2>
<table><thead><tr>${HEADERS.map((header) => `<th>${escape(header)}</th>`).join('')}</tr></thead><tbody>
${body.join('\n')}
</tbody></table>
<p>Breaker states come from the metrics sidecar, which instances push to every 5 s: a change shows up to ~5 s late. Back to green: every function's /health/ready 200 and /health/deep all passing with breakers closed, a timeline read not degraded and a post acknowledged.</p>`;
}
