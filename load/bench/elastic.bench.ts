/**
 * `npm run bench:elastic`: the platform's elasticity, from zero. Services up, the platform
 * started in this process with the users function only (its registry scaling), one user
 * signed up through the gateway, then a wait until the function has scaled back to zero; then
 * k6 (load/bench/k6/elastic.js) spikes from 0 to 40 users, bursts past max instances x max
 * concurrency, tails off, and stops; the bench samples the instances every 250 ms until the
 * function is at zero again. Prints a table, writes report.html (charts of instances and req/s
 * over time, PNG too) and report.json under load/reports/elastic-<time>/. Exit 1 when a
 * request failed (anything but 200, 429 or an instance's 503 OVERLOADED) or the function did
 * not return to zero.
 *
 * The autoscaler windows are a third of the platform's defaults (ELASTIC_STABLE_WINDOW_MS,
 * 10 s; panic window and idle period follow) so that the run, scale to zero included, takes
 * about a minute and a half; the report says which were used.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { usersFunction } from '#functions/users/index.ts';
import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import { scalingOf } from '#shared/app/scaling.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { createLogger } from '#shared/observability/logger.ts';
import { startPlatform } from '#local-infra/platform/platform.ts';
import type { Platform } from '#local-infra/platform/platform.ts';
import { readK6Recording } from '../report/k6-record.ts';
import { runK6 } from '../runner/k6-process.ts';
import { prepareInfrastructure } from '../runner/system-under-test.ts';
import { coldStarts, peakInstances, quantile, timeToReady, timeToZero } from './elastic-figures.ts';
import type { InstanceSample, PlatformEvent } from './elastic-figures.ts';
import { writeElasticReport } from './elastic-report.ts';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const stableWindowMs = Number(process.env['ELASTIC_STABLE_WINDOW_MS'] ?? 10_000);
const settings = { stableWindowMs, panicWindowMs: stableWindowMs / 10, scaleToZeroAfterMs: stableWindowMs, tickMs: 1_000 };

async function main(): Promise<number> {
  const outDir = here(`../reports/elastic-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  await mkdir(outDir, { recursive: true });
  console.error('[elastic] services up, migrations...');
  const connection = await prepareInfrastructure(['postgres', 'redis', 'redis-rest', 'kafka']);
  const env = { ...connection, ...process.env, LOG_LEVEL: 'warn' };
  const began = Date.now();
  const events: PlatformEvent[] = [];
  const logger = createLogger({
    level: 'info',
    sink: (line) => {
      const event = JSON.parse(line) as { msg: string; coldStartMs?: number };
      events.push({ ...event, at: Date.now() - began });
    },
  });
  const platform = await startPlatform({
    functions: [usersFunction],
    config: loadConfig(env),
    env,
    port: 0,
    settings,
    triggers: false,
    logger,
  });
  const samples: InstanceSample[] = [];
  const sampler = setInterval(() => samples.push(sample(platform, began)), 250);
  try {
    const userId = await signUp(platform.gateway.url);
    console.error(`[elastic] user ${userId} signed up (a first cold start); waiting for zero instances...`);
    await waitForZero(platform, 120_000);
    const k6Start = Date.now() - began;
    console.error('[elastic] k6 spike...');
    const k6 = await runK6({
      script: here('./k6/elastic.js'),
      outDir,
      name: 'elastic',
      env: { BASE_URL: platform.gateway.url, USER_ID: userId },
      echo: false,
    });
    const k6End = Date.now() - began;
    console.error('[elastic] load over; waiting for scale to zero...');
    await waitForZero(platform, 120_000);
    clearInterval(sampler);
    samples.push(sample(platform, began));

    const summary = JSON.parse(await readFile(k6.summaryPath, 'utf8')) as { metrics: Record<string, Record<string, number>> };
    const count = (name: string): number => summary.metrics[name]?.['count'] ?? 0;
    const scaling = scalingOf(usersFunction as FunctionDefinition);
    const starts = coldStarts(events.filter((event) => event.at >= k6Start));
    const figures = {
      'instance cold start p50 (ms)': quantile(starts, 0.5),
      'instance cold start p99 (ms)': quantile(starts, 0.99),
      'instances launched during the run': starts.length,
      'requests held for a cold start': count('cold_start_responses'),
      'held request latency p50 (ms)': summary.metrics['cold_start_request_duration']?.['med'] ?? Number.NaN,
      'held request latency p99 (ms)': summary.metrics['cold_start_request_duration']?.['p(99)'] ?? Number.NaN,
      'time to scale out to max (ms)': timeToReady(samples, k6Start, scaling.maxInstances),
      'peak instances': peakInstances(samples),
      'answered 200': count('ok_responses'),
      'throttled 429': count('throttled_responses'),
      'shed 503 by an instance (load shedding)': count('shed_responses'),
      'failed (not 200 or 429; must be 0)': count('failed_responses'),
      'instances drained (scale-in)': events.filter((event) => event.msg === 'instance-draining' && event.at >= k6Start).length,
      'time back to zero after the load (ms)': timeToZero(samples, k6End),
    };
    const record = await readK6Recording(k6.recordPath);
    const offset = record.startedAt - (began + k6Start);
    const rates = (metric: string) =>
      record.points.map((point) => ({
        x: (point.t - record.startedAt + offset) / 1000 + k6Start / 1000,
        y: point.metrics[metric]?.['rate'] ?? 0,
      }));
    const html = await writeElasticReport(outDir, {
      figures,
      settings: { ...settings, ...scaling },
      samples,
      rates: {
        'answered 200 /s': rates('ok_responses'),
        'throttled 429 /s': rates('throttled_responses'),
        'shed 503 /s': rates('shed_responses'),
        'failed /s': rates('failed_responses'),
      },
      loadWindow: { from: k6Start / 1000, to: k6End / 1000 },
    });
    printTable(figures);
    console.log(`\n[elastic] report: ${html}`);
    const failed = figures['failed (not 200 or 429; must be 0)'] > 0 || !Number.isFinite(figures['time back to zero after the load (ms)']);
    return failed ? 1 : 0;
  } finally {
    clearInterval(sampler);
    await platform.close();
  }
}

function sample(platform: Platform, began: number): InstanceSample {
  const view = platform.pools.get(usersFunction.name)?.view() ?? [];
  const of = (state: string): number => view.filter((instance) => instance.state === state).length;
  return { at: Date.now() - began, starting: of('starting'), ready: of('ready'), draining: of('draining') };
}

async function signUp(gateway: string): Promise<string> {
  const res = await fetch(`${gateway}/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      handle: `elastic_${Date.now().toString(36)}`,
      displayName: 'Elastic bench',
      password: 'elastic-bench-password',
    }),
  });
  if (res.status !== 201) throw new Error(`sign-up through the gateway answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { user: { id: string } }).user.id;
}

async function waitForZero(platform: Platform, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((platform.pools.get(usersFunction.name)?.view().length ?? 0) > 0) {
    if (Date.now() > until) throw new Error(`the function did not scale to zero within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function printTable(figures: Record<string, number>): void {
  const width = Math.max(...Object.keys(figures).map((key) => key.length));
  console.log('');
  for (const [key, value] of Object.entries(figures))
    console.log(`${key.padEnd(width)}  ${Number.isFinite(value) ? Math.round(value * 10) / 10 : 'n/a'}`);
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`[elastic] ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
