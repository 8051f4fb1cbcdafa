import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { connectionEnv, createInfraConfig, ensureUp, silentProgress, type InfraConfig, type ProgressReporter } from '../services/index.ts';
import { runCommand } from '../services/run-command.ts';
import type { CliCommand } from './command.ts';

/** Migrations folder (dbmate SQL files, `-- migrate:up` / `-- migrate:down`). */
export const MIGRATIONS_DIR = 'shared/db/migrations';

/**
 * Applies pending dbmate migrations to the instance's database after making sure postgres is
 * up. Returns dbmate's output ('' when nothing was pending), or undefined when there are no
 * migration files at all.
 */
export async function migrate(
  options: { config?: InfraConfig; progress?: ProgressReporter; signal?: AbortSignal } = {},
): Promise<string | undefined> {
  const config = options.config ?? createInfraConfig();
  await ensureUp(['postgres'], { config, progress: options.progress ?? silentProgress, signal: options.signal });
  const dir = join(config.repoRoot, MIGRATIONS_DIR);
  if (!existsSync(dir) || !readdirSync(dir).some((file) => file.endsWith('.sql'))) return undefined;
  const dbmate = join(config.repoRoot, 'node_modules', '.bin', 'dbmate');
  return runCommand(dbmate, ['--migrations-dir', MIGRATIONS_DIR, '--no-dump-schema', 'up'], {
    cwd: config.repoRoot,
    env: { DATABASE_URL: connectionEnv(config).DATABASE_URL },
    signal: options.signal,
  });
}

/** `migrate`: postgres up, then `dbmate up`. */
export const migrateCommand: CliCommand = {
  summary: 'apply dbmate migrations (shared/db/migrations) to the local database',
  usage: 'migrate',
  async run() {
    const output = await migrate();
    if (output === undefined) console.log(`no migrations in ${MIGRATIONS_DIR} yet`);
    else console.log(output.trim() || 'database is up to date');
    return 0;
  },
};
