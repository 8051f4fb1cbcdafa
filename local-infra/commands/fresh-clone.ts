import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_DEFAULTS } from '#shared/config/local-defaults.ts';
import { REPO_ROOT } from '../services/config.ts';
import { isPortTaken } from '../services/ports.ts';
import { runCommand } from '../services/run-command.ts';
import type { CliCommand } from './command.ts';

/** Longest a README command may take before the check gives up (a first MinIO build included). */
const STEP_TIMEOUT_MS = 45 * 60_000;
/** The line `npm start` prints once every function answers. */
const READY_LINE = /^Atlas Edge up in /m;
/** The line it prints once Ctrl-C has drained every function. */
const STOPPED_LINE = /^stopped\.$/m;

interface StepResult {
  readonly step: string;
  readonly seconds: number;
  readonly exitCode: number | null;
}

/**
 * `fresh-clone [--cold] [--keep]` (`npm run verify:fresh-clone`): the README's quick start, as a
 * new user runs it, on the committed HEAD: a clean clone in a temporary folder, then
 * `npm ci && npm start` (until the URL table, then Ctrl-C), then `npm test`. `--cold` also gives
 * the clone empty npm, Go and atlas-edge caches, as on a machine that never built anything
 * (Debian packages already installed stay installed). Prints the timings and writes them to
 * test-artifacts/fresh-clone.json; stops the services the clone started before deleting it.
 */
export const freshCloneCommand: CliCommand = {
  summary: 'README quick start on a clean clone of HEAD in a temp folder (npm ci && npm start, Ctrl-C, npm test), timed',
  usage: 'fresh-clone [--cold] [--keep]',
  async run(args) {
    const cold = args.includes('--cold');
    const root = await mkdtemp(join(tmpdir(), 'atlas-fresh-clone-'));
    const clone = join(root, 'atlas-edge');
    const env = stringEnv(process.env);
    if (cold)
      Object.assign(env, {
        npm_config_cache: join(root, 'npm-cache'),
        GOCACHE: join(root, 'go-build'),
        GOMODCACHE: join(root, 'go-mod'),
        ATLAS_CACHE_DIR: join(root, 'atlas-cache'),
      });
    await warnAboutRunningServices();
    const results: StepResult[] = [];
    try {
      await runCommand('git', ['clone', '--quiet', '--no-local', REPO_ROOT, clone]);
      console.log(
        `clone of ${(await runCommand('git', ['-C', clone, 'log', '-1', '--format=%h %s'])).trim()} in ${clone}${cold ? ' (cold caches)' : ''}`,
      );
      for (const step of [npmCi, npmStartUntilReady, npmTest]) {
        const result = await step(clone, env);
        results.push(result);
        if (result.exitCode !== 0) break;
      }
    } finally {
      await runInherited('npm', ['run', 'infra:down'], clone, env).catch(() => undefined);
      if (args.includes('--keep')) console.log(`kept ${root}`);
      else {
        // Go writes its module cache read-only: its own clean makes it removable.
        if (cold) await runCommand('go', ['clean', '-modcache'], { env }).catch(() => undefined);
        await rm(root, { recursive: true, force: true });
      }
    }
    printTable(results, cold);
    await mkdir(join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await writeFile(
      join(REPO_ROOT, 'test-artifacts', 'fresh-clone.json'),
      `${JSON.stringify({ at: new Date().toISOString(), cold, results }, null, 2)}\n`,
    );
    return results.length === 3 && results.every((result) => result.exitCode === 0) ? 0 : 1;
  },
};

const npmCi = (cwd: string, env: Record<string, string>): Promise<StepResult> =>
  timed('npm ci', () => runInherited('npm', ['ci', '--no-audit', '--no-fund'], cwd, env));
const npmTest = (cwd: string, env: Record<string, string>): Promise<StepResult> =>
  timed('npm test', () => runInherited('npm', ['test'], cwd, env));

/**
 * `npm start` until it prints its URL table, then Ctrl-C (SIGINT to its process group, as a
 * terminal sends it). A clean stop is the host's `stopped.` line; npm itself then ends by the
 * signal, as it does in a terminal, so that counts as exit 0.
 */
function npmStartUntilReady(cwd: string, env: Record<string, string>): Promise<StepResult> {
  return timed(
    'npm start (until ready)',
    () =>
      new Promise((resolve, reject) => {
        const child = spawn('npm', ['start'], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
        let output = '';
        let interrupted = false;
        const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), STEP_TIMEOUT_MS);
        child.stdout.on('data', (chunk: Buffer) => {
          process.stdout.write(chunk);
          output += chunk.toString('utf8');
          if (!interrupted && READY_LINE.test(output) && child.pid) {
            interrupted = true;
            process.kill(-child.pid, 'SIGINT');
          }
        });
        child.once('error', reject);
        child.once('close', (code, signal) => {
          clearTimeout(timer);
          const stoppedCleanly = interrupted && STOPPED_LINE.test(output);
          resolve(code === 0 || (signal === 'SIGINT' && stoppedCleanly) || (code === 130 && stoppedCleanly) ? 0 : (code ?? 1));
        });
      }),
  );
}

async function timed(step: string, run: () => Promise<number | null>): Promise<StepResult> {
  console.log(`\n::: ${step}`);
  const started = Date.now();
  const exitCode = await run();
  const seconds = (Date.now() - started) / 1000;
  console.log(`::: ${step} took ${seconds.toFixed(1)}s (exit ${exitCode})`);
  return { step, seconds, exitCode };
}

function runInherited(command: string, args: readonly string[], cwd: string, env: Record<string, string>): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), STEP_TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** The clone adopts services already serving the default ports: say so, since the run is then not a fresh machine's. */
async function warnAboutRunningServices(): Promise<void> {
  const ports = [LOCAL_DEFAULTS.POSTGRES_PORT, LOCAL_DEFAULTS.REDIS_PORT, LOCAL_DEFAULTS.KAFKA_PORT, LOCAL_DEFAULTS.MINIO_PORT];
  const taken = (await Promise.all(ports.map(async (port) => ((await isPortTaken(port)) ? port : undefined)))).filter(
    (port) => port !== undefined,
  );
  if (taken.length > 0)
    console.warn(
      `note: ports ${taken.join(', ')} already serve; the clone will use those services (npm run infra:down first for a fresh-machine run)`,
    );
}

function printTable(results: readonly StepResult[], cold: boolean): void {
  console.log(`\nREADME quick start on a fresh clone (${cold ? 'cold caches' : 'warm caches'}):`);
  for (const result of results)
    console.log(`  ${result.step.padEnd(26)} ${result.seconds.toFixed(1).padStart(7)}s  exit ${result.exitCode}`);
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
