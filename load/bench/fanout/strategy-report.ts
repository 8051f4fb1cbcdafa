/**
 * The picture report of `npm run bench:fanout`: a folder next to the JSON with one PNG per
 * chart and `report.html` (self-contained: charts embedded as data URIs, no scripts, no
 * network). Re-render an earlier run: `node load/bench/fanout/strategy-report.ts <report.json>`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { barChart } from '../../report/charts.ts';
import { planStrategyCharts } from './strategy-charts.ts';
import type { RoundResult } from './strategy-round.ts';

/** The JSON the bench writes (load/reports/fanout-strategies-<time>.json). */
export interface FanoutStrategiesReport {
  readonly bench: 'fanout-strategies';
  readonly at: string;
  readonly machine: {
    readonly cpus: number;
    readonly model?: string | undefined;
    readonly loadAverage: readonly number[];
    readonly node: string;
  };
  readonly options: Readonly<Record<string, unknown>>;
  readonly graph: {
    readonly users: number;
    readonly stats: { readonly mean: number; readonly max: number };
    readonly celebrities: number;
    readonly seedTimingsMs?: unknown;
  };
  readonly results: readonly RoundResult[];
}

/** The summary table: one row per round, plain text cells. */
export function strategyRows(results: readonly RoundResult[]): Record<string, string | number>[] {
  return results.map((r) => ({
    strategy: r.strategy,
    'post->timeline p50/p99 ms': `${r.postToTimelineMs.p50} / ${r.postToTimelineMs.p99}`,
    'not visible': r.notVisibleIn10s,
    'post errors': r.postErrors,
    'timeline writes/post': r.timelineWritesPerPost,
    'follower rows read/post': r.followersReadPerPost,
    'fan-out ms/post': r.fanOutHandlerMsPerPost,
    'reads/s': r.readsPerSecond,
    'read p50/p95/p99 ms': `${r.readMs.p50} / ${r.readMs.p95} / ${r.readMs.p99}`,
    'read errors': r.readErrors,
    'entries in Redis': r.storedEntries,
  }));
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escape = (value: unknown): string => String(value).replace(/[&<>"]/g, (char) => ENTITIES[char] ?? char);

function table(rows: readonly Record<string, unknown>[]): string {
  const headers = Object.keys(rows[0] ?? {});
  const head = headers.map((header) => `<th>${escape(header)}</th>`).join('');
  const body = rows.map((row) => `<tr>${headers.map((header) => `<td>${escape(row[header])}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Renders the charts into `dir` (created) and writes `dir/report.html`; returns its path. */
export async function writeStrategyReport(report: FanoutStrategiesReport, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const figures: string[] = [];
  for (const plan of planStrategyCharts(report.results)) {
    // One at a time: rendering is CPU work on a 2-core machine that may be measuring something.
    const chart = await barChart(plan.options);
    await writeFile(`${dir}/${plan.file}`, chart.png);
    figures.push(
      `<figure><img alt="${escape(plan.options.title)}" src="data:image/png;base64,${chart.png.toString('base64')}"><figcaption>${escape(plan.file)}</figcaption></figure>`,
    );
  }
  const { stats } = report.graph;
  const settings = Object.entries(report.options).map(([key, value]) => ({ setting: key, value: JSON.stringify(value) }));
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Atlas Edge: fan-out strategies ${escape(report.at)}</title>
<style>
body{font-family:DejaVu Sans,Arial,sans-serif;margin:24px;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:right}
th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
figure{display:inline-block;margin:8px}img{max-width:100%;border:1px solid #eee}code{background:#f6f6f6;padding:1px 4px}
</style></head><body>
<h1>Fan-out strategies: write / read / hybrid on the same data</h1>
<p>${escape(report.at)} &middot; <code>npm run bench:fanout</code> &middot; ${escape(report.graph.users)} users, mean ${escape(stats.mean.toFixed(1))} followers, max ${escape(stats.max)},
${escape(report.graph.celebrities)} celebrities &middot; ${escape(report.machine.cpus)} CPUs (${escape(report.machine.model ?? '?')}), load average ${escape(report.machine.loadAverage.map((load) => load.toFixed(2)).join(' / '))}, Node ${escape(report.machine.node)}</p>
<p>DDIA ch. 1: fan-out on write moves the work of a read (merging followees' posts) to the moment of posting, multiplied by the author's follower count; celebrities make that
multiplication expensive, so the hybrid fans out only ordinary authors' posts and merges celebrities' at read time. Work counts are exact; latencies depend on the machine's load.</p>
<h2>Summary (one row per round)</h2>
${table(strategyRows(report.results))}
<h2>Charts</h2>
${figures.join('\n')}
<h2>Settings</h2>
${table(settings)}
</body></html>
`;
  const path = `${dir}/report.html`;
  await writeFile(path, html);
  return path;
}

if (import.meta.main) {
  const [file] = process.argv.slice(2);
  if (!file) throw new Error('usage: node load/bench/fanout/strategy-report.ts <fanout-strategies-*.json>');
  const report = JSON.parse(await readFile(file, 'utf8')) as FanoutStrategiesReport;
  console.log(`report: ${await writeStrategyReport(report, file.replace(/\.json$/, ''))}`);
}
