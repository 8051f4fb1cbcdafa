/**
 * Writes the report folder: one PNG per chart, `report.html` (self-contained: charts embedded
 * as data URIs, no scripts, no network) and `report.json` (the summary figures, for docs).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lineChart } from './charts.ts';
import { planCharts } from './report-charts.ts';
import type { ReportModel, RunSection } from './report-model.ts';
import { grayTable } from './gray-table.ts';
import { summaryRows } from './summary-table.ts';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escape = (text: string): string => text.replace(/[&<>"]/g, (char) => ENTITIES[char] ?? char);
const verdict = (passed: boolean): string => `<span class="${passed ? 'pass' : 'fail'}">${passed ? 'PASS' : 'FAIL'}</span>`;

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = headers.map((header) => `<th>${escape(header)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function thresholdRows(run: RunSection): string[][] {
  const rows: string[][] = [];
  for (const [metric, data] of Object.entries(run.summary.metrics)) {
    for (const [expression, crossed] of Object.entries(data.thresholds ?? {}))
      rows.push([escape(run.label), escape(metric), escape(expression), verdict(!crossed)]);
  }
  return rows;
}

function chaosRows(run: RunSection): string[][] {
  return (run.chaos ?? []).map((event) => [
    escape(run.label),
    `${((event.at - run.startedAt) / 1000).toFixed(1)} s`,
    escape(event.service),
    escape(event.step),
    escape(event.detail ?? ''),
  ]);
}

/** Renders the charts and writes report.html + report.json into `dir`; returns the HTML path. */
export async function writeReport(model: ReportModel, dir: string): Promise<string> {
  const charts = await Promise.all(
    planCharts(model).map(async (plan) => {
      const chart = await lineChart(plan.options);
      await writeFile(join(dir, plan.file), chart.png);
      return `<figure><img alt="${escape(plan.options.title)}" src="data:image/png;base64,${chart.png.toString('base64')}"><figcaption>${escape(plan.file)}</figcaption></figure>`;
    }),
  );
  const summary = summaryRows(model.runs);
  const passed = model.runs.every((run) => run.thresholdsPassed) && model.checks.every((check) => check.passed);
  const machine = Object.entries(model.machine).map(([key, value]) => [escape(key), escape(value)]);
  const settings = model.runs.flatMap((run) =>
    Object.entries(run.settings).map(([key, value]) => [escape(run.label), escape(key), escape(String(value))]),
  );
  const instanceEvents = model.runs.flatMap((run) =>
    run.instanceEvents.map((event) => [
      escape(run.label),
      `${((event.at - run.startedAt) / 1000).toFixed(1)} s`,
      escape(event.event),
      escape(`${event.function ?? ''} ${event.pid ?? ''} ${event.detail ?? ''}`),
    ]),
  );
  const chaos = model.runs.flatMap(chaosRows);
  const serverErrors = model.runs.flatMap((run) => (run.serverErrors ?? []).map((line) => [escape(run.label), escape(line)]));
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Atlas Edge load: ${escape(model.scenario)}</title>
<style>
body{font-family:DejaVu Sans,Arial,sans-serif;margin:24px;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:right}
th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}.pass{color:#0a7a0a;font-weight:bold}.fail{color:#b00;font-weight:bold}
figure{margin:12px 0}img{max-width:100%;border:1px solid #eee}code{background:#f6f6f6;padding:1px 4px}
</style></head><body>
<h1>Atlas Edge load report: ${escape(model.scenario)} ${verdict(passed)}</h1>
<p>${escape(new Date(model.createdAt).toISOString())} &middot; <code>${escape(model.command)}</code></p>
<h2>Summary</h2>
${table(
  summary.headers,
  summary.rows.map((row) => row.map(escape)),
)}
<h2>Thresholds</h2>
${table(['run', 'metric', 'threshold', 'result'], model.runs.flatMap(thresholdRows))}
${
  model.checks.length > 0
    ? `<h2>Checks</h2>${table(
        ['check', 'result', 'detail'],
        model.checks.map((check) => [escape(check.name), verdict(check.passed), escape(check.detail)]),
      )}`
    : ''
}
${grayTable(model.runs, escape)}
${serverErrors.length > 0 ? `<h2>Server errors (5xx other than shedding, as k6 saw them)</h2>${table(['run', 'count x operation status body'], serverErrors)}` : ''}
<h2>Charts</h2>
${charts.join('\n')}
${chaos.length > 0 ? `<h2>Dependency events (chaos)</h2>${table(['run', 'time', 'service', 'step', 'detail'], chaos)}` : ''}
<h2>Request mix</h2>
<p>Weights: <code>${escape(JSON.stringify(model.mix.weights))}</code>${model.mix.disabled.length > 0 ? `<br>Switched off: ${escape(model.mix.disabled.join('; '))}` : ''}</p>
<h2>Settings</h2>
${table(['run', 'setting', 'value'], settings)}
${instanceEvents.length > 0 ? `<h2>Instance events</h2>${table(['run', 'time', 'event', 'detail'], instanceEvents)}` : ''}
<h2>Machine</h2>
${table(['', ''], machine)}
${model.notes.length > 0 ? `<h2>Notes</h2><ul>${model.notes.map((note) => `<li>${escape(note)}</li>`).join('')}</ul>` : ''}
</body></html>
`;
  const htmlPath = join(dir, 'report.html');
  await writeFile(htmlPath, html);
  await writeFile(
    join(dir, 'report.json'),
    JSON.stringify(
      {
        scenario: model.scenario,
        createdAt: model.createdAt,
        command: model.command,
        machine: model.machine,
        mix: model.mix,
        checks: model.checks,
        notes: model.notes,
        summary,
        runs: model.runs.map((run) => ({
          label: run.label,
          settings: run.settings,
          thresholdsPassed: run.thresholdsPassed,
          chaos: run.chaos ?? [],
          serverErrors: run.serverErrors ?? [],
          gray: run.gray ?? [],
          summary: run.summary,
        })),
      },
      null,
      2,
    ),
  );
  return htmlPath;
}
