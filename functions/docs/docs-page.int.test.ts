import { mkdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_TEST_ARGS, ensureChromium } from '#local-infra/services/chromium.tool.ts';
import { REPO_ROOT } from '#local-infra/services/config.ts';
import { buildWorkerBundle } from '#local-infra/workerd-host/build-bundle.ts';
import { serveWorkerBundle } from '#local-infra/workerd-host/serve-bundle.ts';
import type { ServedWorker } from '#local-infra/workerd-host/serve-bundle.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { serveFunction } from '#shared/runtime/node/serve-function.ts';
import type { RunningFunction } from '#shared/runtime/node/serve-function.ts';
import { docsFunction } from './index.ts';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const outRoot = `dist/workerd-test/${process.pid}-docs-page`;

let browser: Browser;
let node: RunningFunction;
let workerd: ServedWorker;

beforeAll(async () => {
  // The test run's global setup installs Debian's Chromium; this finds it (or installs it when run alone).
  const chromiumPath = await ensureChromium();
  node = await serveFunction(docsFunction, { config: loadConfig(process.env), port: 0, drainTimeoutMs: 1000 });
  const bundlePath = await buildWorkerBundle({ env: 'docs', outdir: `${outRoot}/docs` });
  workerd = await serveWorkerBundle({ env: 'docs', bundlePath, overrides: process.env });
  browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_TEST_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([node?.close(), workerd?.dispose()]);
  await rm(outRoot, { recursive: true, force: true });
});

describe('the /docs page in headless Chromium', () => {
  it.each(['node', 'workerd'] as const)('renders every operation on %s, loading nothing from elsewhere', async (runtime) => {
    const base = runtime === 'node' ? node.url : workerd.url;
    const document = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operationCount = Object.values(document.paths).reduce((n, item) => n + Object.keys(item).length, 0);

    const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
    const requested: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const response = await page.goto(`${base}/docs`);
    expect(response?.status()).toBe(200);
    // A locator count, not page.waitForFunction: a string predicate is evaluated with eval in the page, which the
    // page's own Content-Security-Policy (script-src 'self') refuses whenever the first check does not already pass.
    await expect.poll(() => page.locator('.opblock').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(operationCount);

    const shown = await page.$$eval('.opblock', (blocks) =>
      blocks.map(
        (block) =>
          `${block.querySelector('.opblock-summary-method')?.textContent} ${block.querySelector('.opblock-summary-path')?.getAttribute('data-path')}`,
      ),
    );
    const expected = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(shown.sort()).toEqual(expected.sort());
    expect(await page.textContent('.info .title')).toContain('Atlas Edge API');

    // Open one operation: its problem+json responses render from the merged components.
    await page.click('#operations-media-post_media .opblock-summary');
    await page.waitForSelector('#operations-media-post_media .responses-table', { timeout: 5000 });
    expect(await page.textContent('#operations-media-post_media .responses-table')).toContain('application/problem+json');

    const origin = new URL(base).origin;
    expect(requested.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([]);
    expect(problems).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, `docs-page-${runtime}.png`);
    await page.screenshot({ path: shot, fullPage: false });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
    await page.close();
  });
});
