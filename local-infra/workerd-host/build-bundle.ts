import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Options of {@link buildWorkerBundle}. */
export interface BuildWorkerBundleOptions {
  /** wrangler env to build (`users`, `users-production`...). */
  readonly env: string;
  /** Repository root (default: the current directory). */
  readonly root?: string;
  /** Output folder (default `dist/workerd/<env>`). */
  readonly outdir?: string;
  readonly signal?: AbortSignal;
}

/** Raised when wrangler cannot bundle or validate an env; carries wrangler's output. */
export class BundleBuildError extends Error {
  readonly code = 'bundle_failed';
  constructor(env: string, output: string) {
    super(`wrangler deploy --dry-run --env ${env} failed:\n${output.trim().split('\n').slice(-30).join('\n')}`);
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
  const outdir = resolve(root, options.outdir ?? join('dist', 'workerd', options.env));
  const wrangler = join(root, 'node_modules', '.bin', 'wrangler');
  const args = ['deploy', '--dry-run', '--outdir', outdir, ...(options.env ? ['--env', options.env] : [])];
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
    child.once('close', (code) => (code === 0 ? done(text) : fail(new BundleBuildError(options.env, text))));
  });
  const entry = (await readdir(outdir)).find((file) => file.endsWith('.js'));
  if (!entry) throw new BundleBuildError(options.env, `${output}\n(no .js module in ${outdir})`);
  return join(outdir, entry);
}
