import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Log, LogLevel, Miniflare, convertV4MiniflareOptions } from 'miniflare';
import { buildWorkerBundle } from './build-bundle.ts';

/** A test's probe worker, served by Miniflare without a port (requests via `dispatchFetch`). */
export interface ProbeWorker {
  readonly miniflare: Miniflare;
  /** Stops workerd and removes the bundle. */
  dispose(): Promise<void>;
}

const COMPATIBILITY_DATE = '2026-11-01';

/**
 * Bundles one module the way a deploy would (its own minimal wrangler.toml, `nodejs_compat`,
 * `wrangler deploy --dry-run`) and serves it with Miniflare: for tests of shared code inside
 * workerd, which has no wrangler env of its own. `main` is relative to the repository root.
 */
export async function startProbeWorker(options: { readonly name: string; readonly main: string }): Promise<ProbeWorker> {
  const root = resolve('.');
  const outdir = join(root, 'dist', 'workerd-test', `${process.pid}-${options.name}`);
  await mkdir(outdir, { recursive: true });
  const configPath = join(outdir, 'wrangler.toml');
  const config = [
    `name = "${options.name}"`,
    `main = "${join(root, options.main)}"`,
    `compatibility_date = "${COMPATIBILITY_DATE}"`,
    'compatibility_flags = ["nodejs_compat"]',
  ];
  await writeFile(configPath, config.join('\n'));
  const scriptPath = await buildWorkerBundle({ root, configPath, outdir: join(outdir, 'bundle') });
  const miniflare = new Miniflare(
    convertV4MiniflareOptions({
      name: options.name,
      modules: [{ type: 'ESModule', path: scriptPath }],
      compatibilityDate: COMPATIBILITY_DATE,
      compatibilityFlags: ['nodejs_compat'],
      log: new Log(LogLevel.WARN),
    } as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
  await miniflare.ready;
  return {
    miniflare,
    async dispose() {
      await miniflare.dispose();
      await rm(outdir, { recursive: true, force: true });
    },
  };
}
