import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { Log, LogLevel, Miniflare, convertV4MiniflareOptions } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMetricsSidecar } from './server.ts';
import type { MetricsSidecar } from './server.ts';
import { parseExposition, sample } from './testing/exposition-parser.ts';

const TOKEN = 'workerd-push-token';

describe('metrics push from a real workerd isolate', () => {
  let sidecar: MetricsSidecar;
  let miniflare: Miniflare;
  let workerUrl: string;
  const dir = mkdtempSync(join(tmpdir(), 'atlas-push-worker-'));

  beforeAll(async () => {
    sidecar = await startMetricsSidecar({ port: 0, token: TOKEN, dashboardSampleIntervalMs: 60_000 });
    const bundle = await build({
      entryPoints: [join(import.meta.dirname, 'testing', 'push-worker.ts')],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      write: false,
      define: { __SIDECAR_URL__: JSON.stringify(sidecar.url), __PUSH_TOKEN__: JSON.stringify(TOKEN) },
    });
    const path = join(dir, 'worker.js');
    writeFileSync(path, bundle.outputFiles[0]?.text ?? '');
    miniflare = new Miniflare(
      convertV4MiniflareOptions({
        modules: [{ type: 'ESModule', path }],
        modulesRoot: dir, // module names relative to the temp dir, not the cwd
        compatibilityDate: '2026-11-01',
        host: '127.0.0.1',
        port: 0,
        log: new Log(LogLevel.WARN),
        telemetry: { enabled: false },
        cf: false, // no request.cf download from the internet
      } as Parameters<typeof convertV4MiniflareOptions>[0]),
    );
    workerUrl = (await miniflare.ready).origin;
  });

  afterAll(async () => {
    await miniflare?.dispose();
    await sidecar?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pushes in waitUntil after responses, with an identity made inside the request', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const response = await fetch(workerUrl);
      expect(response.status).toBe(200);
      ids.add((await response.text()).replace('ok ', ''));
    }
    expect(ids.size).toBe(1); // one isolate, one instance id
    const key = sample('http_requests_total', { function: 'push-fixture', route: '/', method: 'GET', status_class: '2xx' });
    let metrics = new Map<string, number>();
    await expect
      .poll(
        async () => {
          metrics = parseExposition(await (await fetch(`${sidecar.url}/metrics`)).text());
          return metrics.get(key);
        },
        { timeout: 10_000, interval: 100 },
      )
      .toBe(10);
    expect(metrics.get(sample('metrics_sidecar_instances', { runtime: 'workerd' }))).toBe(1);
    expect(metrics.get(sample('metrics_sidecar_pushes_total', { runtime: 'workerd' }))).toBeGreaterThan(0);
  });
});
