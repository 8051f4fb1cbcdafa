import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_TEST_ARGS, ensureChromium } from '#local-infra/services/chromium.tool.ts';
import { REPO_ROOT } from '#local-infra/services/config.ts';
import { parsePushPayload } from '../push-payload.ts';
import { startMetricsSidecar } from '../server.ts';
import type { MetricsSidecar } from '../server.ts';
import { SimulatedInstance } from '../testing/simulated-instance.ts';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');

describe('built-in dashboard page in headless Chromium', () => {
  let sidecar: MetricsSidecar;
  let browser: Browser;

  beforeAll(async () => {
    // The test run's global setup installs Debian's Chromium; this finds it (or installs it when run alone).
    const chromiumPath = await ensureChromium();
    sidecar = await startMetricsSidecar({ port: 0, token: 'dash-token', dashboardSampleIntervalMs: 60_000 });
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_TEST_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await sidecar?.close();
  });

  it('renders charts, breaker states and SLO burn from pushed traffic, fetching nothing from elsewhere', async () => {
    const instances = [
      new SimulatedInstance({ id: 'n1', fn: 'posts', runtime: 'node', startedAt: 1 }),
      new SimulatedInstance({ id: 'w1', fn: 'posts', runtime: 'workerd', startedAt: 1 }),
      new SimulatedInstance({ id: 'n2', fn: 'timeline', runtime: 'node', startedAt: 1 }),
    ];
    instances[0]?.breaker.set({ dependency: 'postgres' }, 2);
    instances[2]?.breaker.set({ dependency: 'redis' }, 0);
    for (let round = 0; round < 6; round++) {
      for (const inst of instances) {
        const labels = { function: inst.fn, route: '/r', method: 'GET' };
        inst.requests.inc({ ...labels, status_class: '2xx' }, 20 + round * 5);
        inst.requests.inc({ ...labels, status_class: '5xx' }, round % 3);
        inst.shed.inc({ function: inst.fn }, round);
        for (let i = 0; i < 20; i++) inst.duration.observe(labels, 0.005 * (i + 1) * (round + 1));
        sidecar.store.ingest(parsePushPayload(await inst.payload()), Date.now());
      }
      await sidecar.dashboard.sample();
      await new Promise((r) => setTimeout(r, 60));
    }

    const page = await browser.newPage({ viewport: { width: 1400, height: 1300 } });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    const response = await page.goto(`${sidecar.url}/dashboard?refresh=250`);
    expect(response?.status()).toBe(200);
    // A locator, not page.waitForFunction: a string predicate is evaluated with eval in the page, which the
    // dashboard's Content-Security-Policy (script-src 'self') refuses whenever the first check does not already pass.
    await expect
      .poll(async () => Number((await page.locator('svg[data-chart="rate"]').getAttribute('data-points')) ?? 0), { timeout: 10_000 })
      .toBeGreaterThan(0);
    const data = (await (await fetch(`${sidecar.url}/dashboard/data`)).json()) as {
      rate: Record<string, (number | null)[]>;
      latency: Record<string, Record<string, (number | null)[]>>;
    };
    const drawn = (values: (number | null)[][]) => values.flat().filter((v) => v !== null).length;

    const points = await page.$$eval('svg.chart', (svgs) =>
      Object.fromEntries(svgs.map((s) => [s.dataset.chart, Number(s.dataset.points ?? 0)])),
    );
    expect(points.rate).toBe(drawn(Object.values(data.rate)));
    expect(points.rate).toBeGreaterThanOrEqual(10); // 2 functions x at least 5 intervals
    expect(points.errors).toBeGreaterThan(0);
    expect(points.protection).toBeGreaterThan(0);
    expect(points['latency-posts']).toBe(drawn(Object.values(data.latency.posts ?? {})));
    expect(points['latency-posts']).toBeGreaterThanOrEqual(15); // p50, p95, p99 x at least 5 intervals
    expect(points['latency-timeline']).toBeGreaterThanOrEqual(15);
    expect(await page.$$eval('svg[data-chart="rate"] path.line', (paths) => paths.map((p) => p.dataset.series))).toEqual([
      'posts',
      'timeline',
    ]);
    expect(await page.textContent('#breakers')).toContain('postgres: open');
    expect(await page.textContent('#breakers')).toContain('redis: closed');
    expect(await page.textContent('#instances')).toContain('node 2, workerd 1');
    const burn = await page.$eval('#slo tr[data-function="posts"][data-slo="availability"]', (tr) => tr.children[4]?.textContent);
    expect(Number(burn)).toBeGreaterThan(1);

    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'metrics-dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    expect(requested.filter((url) => !url.startsWith(sidecar.url))).toEqual([]);
  });
});
