/**
 * Data for a run. With the seed generator (load/data/seed-cli.ts: Zipf-distributed follower
 * graph, celebrities, post history, in one Postgres transaction) the runner seeds a fixed
 * population and hands k6 the users file (ids + tokens, most-followed first). Without it, k6's
 * setup() signs users up through the API (no follow graph).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEED_CLI = fileURLToPath(new URL('../data/seed-cli.ts', import.meta.url));

/** Options of {@link seedUsers}. */
export interface SeedOptions {
  readonly users: number;
  readonly outDir: string;
  readonly connection: Readonly<Record<string, string>>;
  /** Handle prefix of the load population (re-seeded with --reset every run). */
  readonly prefix?: string;
}

/** What seeding produced: the users file for k6, or nothing (k6 setup() signs users up). */
export interface SeedResult {
  readonly usersFile?: string;
  /** Handle prefix of the seeded users (their rows: `handle LIKE prefix || '%'`). */
  readonly prefix?: string;
  readonly note: string;
  /** Deletes the seeded population again (its users, follows and posts). */
  remove(): Promise<void>;
}

/** Seeds the load population when the generator exists. */
export async function seedUsers(options: SeedOptions): Promise<SeedResult> {
  const fallback = `k6 setup() signs up ${options.users} users through the API (no follow graph)`;
  const none = async (): Promise<void> => undefined;
  if (!existsSync(SEED_CLI)) return { note: `Seed generator not there yet: ${fallback}.`, remove: none };
  try {
    return await runSeedCli(options);
  } catch (error) {
    return { note: `Seed generator failed (${(error as Error).message.split('\n')[0]}): ${fallback}.`, remove: none };
  }
}

async function runSeedCli(options: SeedOptions): Promise<SeedResult> {
  const usersFile = join(options.outDir, 'users.json');
  // A population of its own per run (fresh ids, removed afterwards): runs never collide with
  // each other's leftovers, and the shared database does not grow run after run.
  const seed = 1 + Math.floor(Math.random() * 1e6);
  const prefix = options.prefix ?? `l${seed.toString(36)}_`;
  const output = await seedCli(options, [
    '--users',
    String(options.users),
    '--seed',
    String(seed),
    '--prefix',
    prefix,
    '--users-file',
    usersFile,
  ]);
  const lastLines = output.trim().split('\n').slice(-3).join(' | ');
  return {
    usersFile,
    prefix,
    note: `Seeded ${options.users} users with load/data (seed ${seed}, prefix ${prefix}, removed after the run): ${lastLines}`,
    remove: () => seedCli(options, ['--remove', '--prefix', prefix]).then(() => undefined),
  };
}

function seedCli(options: SeedOptions, cliArgs: readonly string[]): Promise<string> {
  const args = [SEED_CLI, ...cliArgs];
  return new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...options.connection, ...process.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 180_000,
    });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`exited with ${code}: ${text.trim().split('\n').at(-1) ?? ''}`)),
    );
  });
}
