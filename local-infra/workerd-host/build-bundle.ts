import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Options of {@link buildWorkerBundle}. */
export interface BuildWorkerBundleOptions {
  /** wrangler env to build (`users`, `users-production`...); none: the config's top level. */
  readonly env?: string;
  /** wrangler config to read (default the root's `wrangler.toml`). */
  readonly configPath?: string;
  /** Repository root (default: the current directory). */
  readonly root?: string;
  /** Output folder (default `dist/workerd/<env>`; required without an env). */
  readonly outdir?: string;
  readonly signal?: AbortSignal;
}

/** Raised when wrangler cannot bundle or validate an env; carries wrangler's output. */
export class BundleBuildError extends Error {
  readonly code = 'bundle_failed';
  constructor(target: string, output: string) {
    super(`wrangler deploy --dry-run ${target} failed:\n${output.trim().split('\n').slice(-30).join('\n')}`);
    this.name = 'BundleBuildError';
  }
}

/**
 * Bundles one wrangler env exactly as a deploy would (`wrangler deploy --dry-run --outdir`):
 * esbuild with workerd conditions, nodejs_compat polyfills, config validation, no upload.
 * Resolves the path of the bundled entry module.
 */
export async function buildWorkerBundle(options: BuildWorkerBundleOptions): Promise<string> {
  const root = resolve(options.root ?? '.');
  const { env, configPath } = options;
  if (!options.outdir && !env) throw new TypeError('buildWorkerBundle: outdir is required without an env');
  const outdir = resolve(root, options.outdir ?? join('dist', 'workerd', env ?? ''));
  const wrangler = join(root, 'node_modules', '.bin', 'wrangler');
  const target = [...(configPath ? ['--config', configPath] : []), ...(env ? ['--env', env] : [])];
  const args = ['deploy', '--dry-run', '--outdir', outdir, ...target];
  const output = await new Promise<string>((done, fail) => {
    const child = spawn(wrangler, args, {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => (code === 0 ? done(text) : fail(new BundleBuildError(target.join(' '), text))));
  });
  const entry = (await readdir(outdir)).find((file) => file.endsWith('.js'));
  if (!entry) throw new BundleBuildError(target.join(' '), `${output}\n(no .js module in ${outdir})`);
  return join(outdir, entry);
}
