import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Log, LogLevel, Miniflare, convertV4MiniflareOptions } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The bulkhead inside workerd (bundled by wrangler, served by Miniflare): a call that waited in
// the queue must run in ITS request's I/O context. cockatiel's BulkheadPolicy started it in the
// finishing request's chain; workerd then cancelled the waiter's subrequest with that request
// and the waiter never answered (the 504s of `npm run bench:runtimes` before the fix).

const root = resolve('.');
const outdir = join(root, 'dist', 'workerd-test', `${process.pid}-bulkhead-probe`);
let miniflare: Miniflare | undefined;
let upstream: Server | undefined;
let upstreamUrl = '';

async function bundle(): Promise<string> {
  await mkdir(outdir, { recursive: true });
  const config = join(outdir, 'wrangler.toml');
  await writeFile(
    config,
    [
      'name = "bulkhead-probe"',
      `main = "${join(root, 'shared/reliability/testing/bulkhead-probe.workerd.ts')}"`,
      'compatibility_date = "2026-11-01"',
      'compatibility_flags = ["nodejs_compat"]',
    ].join('\n'),
  );
  const output = await new Promise<string>((done, fail) => {
    const child = spawn(join(root, 'node_modules', '.bin', 'wrangler'), ['deploy', '--dry-run', '--config', config, '--outdir', join(outdir, 'bundle')], {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('close', (code) => (code === 0 ? done(text) : fail(new Error(`wrangler failed:\n${text}`))));
  });
  const entry = (await readdir(join(outdir, 'bundle'))).find((file) => file.endsWith('.js'));
  if (!entry) throw new Error(`no bundle produced:\n${output}`);
  return join(outdir, 'bundle', entry);
}

beforeAll(async () => {
  // A slow upstream (20 ms per answer), so requests really queue behind the one slot.
  let served = 0;
  upstream = createServer((_req, res) => {
    served += 1;
    const n = served;
    setTimeout(() => res.end(`answer ${n}`), 20);
  });
  await new Promise<void>((done) => upstream?.listen(0, '127.0.0.1', done));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/`;
  const scriptPath = await bundle();
  miniflare = new Miniflare(
    convertV4MiniflareOptions({
      name: 'bulkhead-probe',
      modules: [{ type: 'ESModule', path: scriptPath }],
      compatibilityDate: '2026-11-01',
      compatibilityFlags: ['nodejs_compat'],
      log: new Log(LogLevel.WARN),
    } as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
  await miniflare.ready;
}, 120_000);

afterAll(async () => {
  await miniflare?.dispose();
  await new Promise<void>((done) => (upstream ? upstream.close(() => done()) : done()));
  await rm(outdir, { recursive: true, force: true });
});

describe('bulkhead on workerd', () => {
  it('answers every concurrent request that queued for the single slot', async () => {
    if (!miniflare) throw new Error('Miniflare not started');
    const mf = miniflare;
    const started = Date.now();
    const responses = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const response = await mf.dispatchFetch(`http://probe.local/?upstream=${encodeURIComponent(upstreamUrl)}`);
        return { status: response.status, body: await response.text() };
      }),
    );
    expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 12 }, () => 200));
    // Each request got an upstream answer of its own, one at a time through the slot.
    expect(new Set(responses.map((r) => r.body)).size).toBe(12);
    // 12 x 20 ms in series, far below the probe's 5 s wait: nobody hung.
    expect(Date.now() - started).toBeLessThan(4_000);
  }, 30_000);
});
