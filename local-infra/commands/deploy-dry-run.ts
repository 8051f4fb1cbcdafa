import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../services/config.ts';
import { buildWorkerBundle } from '../workerd-host/build-bundle.ts';
import type { CliCommand } from './command.ts';

/** The envs of wrangler.toml: `''` (top level: the dev gateway) and every `[env.<name>]`. */
export function wranglerEnvs(toml: string): string[] {
  const names = [...toml.matchAll(/^\[env\.([A-Za-z0-9_-]+)\]\s*$/gm)].map((match) => match[1] ?? '');
  return ['', ...new Set(names)];
}

/**
 * `deploy-dry-run` (`npm run deploy:dry-run`, part of `npm run check`): for every wrangler env,
 * `wrangler deploy --dry-run --outdir dist/workerd/<env>`: bundles and validates the config
 * offline (bindings, compatibility, entry), uploading nothing. Envs build one at a time.
 */
export const deployDryRunCommand: CliCommand = {
  summary: 'wrangler deploy --dry-run for every wrangler env (offline bundle + config check)',
  usage: 'deploy-dry-run [env...]',
  async run(args) {
    const envs = args.length > 0 ? args : wranglerEnvs(await readFile(join(REPO_ROOT, 'wrangler.toml'), 'utf8'));
    let failed = 0;
    for (const env of envs) {
      const label = env || 'dev-gateway';
      const started = Date.now();
      try {
        const bundle = await buildWorkerBundle({ env, root: REPO_ROOT, outdir: join('dist', 'workerd', label) });
        console.log(`ok   ${label.padEnd(20)} ${((Date.now() - started) / 1000).toFixed(1)}s  ${bundle.slice(REPO_ROOT.length + 1)}`);
      } catch (error) {
        failed += 1;
        console.error(`FAIL ${label}\n${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return failed === 0 ? 0 : 1;
  },
};
