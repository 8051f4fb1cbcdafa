/**
 * Runs one k6 script with the pinned k6 (local-infra/services/k6.tool.ts). Time series come
 * from k6's built-in web dashboard output, recorded to a file (per-second aggregates: counts,
 * rates, p90/p95/p99 per period) instead of one JSON line per sample: at thousands of requests
 * per second, per-sample output would cost the 2-core machine more CPU than the system under
 * test gets. The end summary comes from `--summary-export`.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { ensureK6 } from '#local-infra/services/k6.tool.ts';
import { onCpus } from './cpu-affinity.ts';

/** Options of {@link runK6}. */
export interface K6RunOptions {
  /** Script path (load/scenarios/<name>.js). */
  readonly script: string;
  /** Folder for this run's files. */
  readonly outDir: string;
  /** File-name stem inside outDir (`overload-shedding-on`). */
  readonly name: string;
  /** `-e` variables for the script. */
  readonly env: Readonly<Record<string, string | number>>;
  /** Aggregation period of the time series, seconds (default 1). */
  readonly periodSeconds?: number;
  /** Print k6's end-of-test summary to the terminal (default true). */
  readonly echo?: boolean;
  readonly signal?: AbortSignal;
  /** Run k6 on these cores only (taskset list, e.g. `0`). */
  readonly cpus?: string;
}

/** Files and outcome of one k6 run. */
export interface K6RunResult {
  readonly name: string;
  /** k6's exit code: 0 ok, 99 thresholds crossed, other = error. */
  readonly exitCode: number;
  readonly thresholdsPassed: boolean;
  readonly summaryPath: string;
  readonly recordPath: string;
  readonly logPath: string;
  readonly startedAt: number;
  readonly endedAt: number;
}

/** Runs k6 to completion. Never rejects for crossed thresholds (exit 99): the report shows them. */
export async function runK6(options: K6RunOptions): Promise<K6RunResult> {
  const k6 = await ensureK6();
  const summaryPath = join(options.outDir, `${options.name}.summary.json`);
  const recordPath = join(options.outDir, `${options.name}.record.ndjson.gz`);
  const logPath = join(options.outDir, `${options.name}.k6.log`);
  const args = ['run', '--quiet', '--no-color', '--summary-export', summaryPath, '--log-output', `file=${logPath}`, '--log-format', 'json'];
  for (const [key, value] of Object.entries(options.env)) args.push('-e', `${key}=${value}`);
  args.push(options.script);
  const startedAt = Date.now();
  const exitCode = await new Promise<number>((resolve, reject) => {
    const [command, commandArgs] = onCpus(options.cpus, k6, args);
    const child = spawn(command, commandArgs, {
      env: {
        ...process.env,
        K6_WEB_DASHBOARD: 'true',
        K6_WEB_DASHBOARD_PORT: '-1',
        K6_WEB_DASHBOARD_PERIOD: `${options.periodSeconds ?? 1}s`,
        K6_WEB_DASHBOARD_RECORD: recordPath,
        K6_NO_USAGE_REPORT: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const transcript = createWriteStream(join(options.outDir, `${options.name}.k6.txt`));
    child.stdout.pipe(transcript);
    child.stderr.on('data', (chunk: Buffer) => transcript.write(chunk));
    if (options.echo ?? true) {
      child.stdout.on('data', (chunk: Buffer) => process.stdout.write(chunk));
      child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    }
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
  if (exitCode !== 0 && exitCode !== 99) {
    throw new K6RunError(`k6 ${options.name} exited with ${exitCode}; see ${join(options.outDir, `${options.name}.k6.txt`)}`);
  }
  return {
    name: options.name,
    exitCode,
    thresholdsPassed: exitCode === 0,
    summaryPath,
    recordPath,
    logPath,
    startedAt,
    endedAt: Date.now(),
  };
}

/** k6 failed to run (script error, bad option), as opposed to thresholds being crossed. */
export class K6RunError extends Error {
  readonly code = 'k6_failed';
  constructor(message: string) {
    super(message);
    this.name = 'K6RunError';
  }
}
