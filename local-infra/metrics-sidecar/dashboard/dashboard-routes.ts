import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { SloConfig } from '#local-infra/prometheus/slo-config.ts';
import { localSetting } from '#shared/config/local-defaults.ts';
import { aggregateSources } from '../aggregate-exposition.ts';
import type { AggregationStore } from '../aggregation-store.ts';
import { readActiveFaults } from './active-faults.ts';
import { dashboardData } from './dashboard-data.ts';
import { MetricsHistory, reduceSample } from './history.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const PAGE = readFileSync(join(HERE, 'page.html'), 'utf8');
const SCRIPT = readFileSync(join(HERE, 'app.js'), 'utf8');

export interface DashboardOptions {
  store: AggregationStore;
  slos: SloConfig;
  /** How often the aggregated state is sampled into the history (default 5000 ms). */
  sampleIntervalMs?: number;
  /** Samples kept (default 720: an hour at 5 s). */
  historySize?: number;
  now?: () => number;
  /** Toxiproxy's API, read for `/dashboard/faults` (default: TOXIPROXY_PORT on loopback). */
  toxiproxyUrl?: string;
}

/** The running sampler behind the page. */
export interface DashboardSampler {
  /** Takes one sample now (also what the timer does). */
  sample(): Promise<void>;
  stop(): void;
}

/**
 * The built-in dashboard (no Docker needed): `GET /dashboard` (self-contained HTML),
 * `/dashboard/app.js` (plain SVG charts) and `/dashboard/data` (JSON computed from the sidecar's
 * own aggregated data, sampled every `sampleIntervalMs`).
 */
export function mountDashboard(app: Hono, options: DashboardOptions): DashboardSampler {
  const { store, slos, sampleIntervalMs = 5_000, historySize = 720, now = Date.now } = options;
  const toxiproxyUrl = options.toxiproxyUrl ?? `http://127.0.0.1:${localSetting('TOXIPROXY_PORT', process.env)}`;
  const history = new MetricsHistory(historySize);
  const sample = async () => {
    const t = now();
    const { families } = await aggregateSources(store.sources(t));
    history.record(reduceSample(t, families, store.stats().instances));
  };
  const timer = setInterval(() => void sample(), sampleIntervalMs);
  timer.unref();
  void sample();

  // No external resources: the page works offline and leaks nothing.
  const csp = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'";
  app.get('/dashboard', (c) => c.html(PAGE, 200, { 'content-security-policy': csp }));
  app.get('/dashboard/app.js', (c) => c.body(SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/dashboard/data', (c) => c.json(dashboardData(history.samples(), slos, now())));
  app.get('/dashboard/faults', async (c) => c.json(await readActiveFaults(toxiproxyUrl)));
  return { sample, stop: () => clearInterval(timer) };
}
