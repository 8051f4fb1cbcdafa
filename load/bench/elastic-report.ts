import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lineChart } from '../report/charts.ts';
import type { Series } from '../report/charts.ts';
import type { InstanceSample } from './elastic-figures.ts';

/** What the elastic report shows. */
export interface ElasticReport {
  readonly figures: Readonly<Record<string, number>>;
  readonly settings: Readonly<Record<string, number>>;
  readonly samples: readonly InstanceSample[];
  /** Per-second rates by outcome, x in seconds since the run began. */
  readonly rates: Readonly<Record<string, readonly { x: number; y: number }[]>>;
  readonly loadWindow: { readonly from: number; readonly to: number };
}

const cell = (value: number): string => (Number.isFinite(value) ? String(Math.round(value * 10) / 10) : 'n/a');

/** Writes instances.png, rates.png, report.html and report.json into `dir`; returns the HTML path. */
export async function writeElasticReport(dir: string, report: ElasticReport): Promise<string> {
  const states = ['ready', 'starting', 'draining'] as const;
  const instanceSeries: Series[] = states.map((state) => ({
    name: state,
    points: report.samples.map((sample) => ({ x: sample.at / 1000, y: sample[state] })),
  }));
  const bands = [{ from: report.loadWindow.from, to: report.loadWindow.to, label: 'k6 load' }];
  const instances = await lineChart({ title: 'Instances of the users function', yTitle: 'instances', series: instanceSeries, bands });
  const rates = await lineChart({
    title: 'Requests per second by outcome (k6, per second)',
    yTitle: 'req/s',
    series: Object.entries(report.rates).map(([name, points]) => ({ name, points })),
    bands,
  });
  await writeFile(join(dir, 'instances.png'), instances.png);
  await writeFile(join(dir, 'rates.png'), rates.png);
  const rows = (values: Readonly<Record<string, number>>): string =>
    Object.entries(values)
      .map(([key, value]) => `<tr><td>${key}</td><td>${cell(value)}</td></tr>`)
      .join('\n');
  const png = (buffer: Buffer): string => `<img alt="" src="data:image/png;base64,${buffer.toString('base64')}">`;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Elastic benchmark</title>
<style>body{font-family:sans-serif;max-width:900px;margin:2em auto}td{padding:2px 10px;border-bottom:1px solid #ddd}</style></head><body>
<h1>Elastic benchmark: a spike from zero</h1>
<h2>Figures</h2><table>${rows(report.figures)}</table>
${png(instances.png)}
${png(rates.png)}
<h2>Settings</h2><table>${rows(report.settings)}</table>
</body></html>`;
  const path = join(dir, 'report.html');
  await writeFile(path, html);
  await writeFile(join(dir, 'report.json'), JSON.stringify({ figures: report.figures, settings: report.settings }, null, 2));
  return path;
}
