import { spawn } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Log, LogLevel, Miniflare, convertV4MiniflareOptions } from 'miniflare';
import { afterAll, beforeAll } from 'vitest';
import { layerConformance } from './testing/layer-conformance.ts';

// workerd side of the conformance suite: the probe app bundled exactly as a deploy would
// (`wrangler deploy --dry-run --outdir`, nodejs_compat) and served by Miniflare (workerd).

const root = resolve('.');
const outdir = join(root, 'dist', 'workerd-test', `${process.pid}-layer-probe`);
let miniflare: Miniflare | undefined;

async function bundle(): Promise<string> {
  await mkdir(outdir, { recursive: true });
  const config = join(outdir, 'wrangler.toml');
  await writeFile(
    config,
    [
      'name = "layer-probe"',
      `main = "${join(root, 'shared/middleware/testing/probe.workerd.ts')}"`,
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
  const scriptPath = await bundle();
  miniflare = new Miniflare(
    convertV4MiniflareOptions({
      name: 'layer-probe',
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
  await rm(outdir, { recursive: true, force: true });
});

layerConformance('workerd (Miniflare, wrangler bundle)', () => async (path, init) => {
  if (!miniflare) throw new Error('Miniflare not started');
  return (await miniflare.dispatchFetch(`http://probe.local${path}`, init as never)) as unknown as Response;
});
