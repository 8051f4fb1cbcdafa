/**
 * Helpers of the k6-driven benchmarks (timeline read, Node vs workerd): run the pinned k6 on
 * load/bench/k6/read.js and read its summary; start and stop server processes.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureK6 } from '#local-infra/services/k6.tool.ts';
import { onCpus } from '../runner/cpu-affinity.ts';
import { exitedChildrenCpuSeconds, treeCpuSeconds } from './process-cpu.ts';

const READ_SCRIPT = fileURLToPath(new URL('./k6/read.js', import.meta.url));
/** k6/read.js's latency buckets with HISTOGRAM set: its 14 bounds (the functions' own) and one above. */
const CLIENT_BUCKETS = 15;

/** Result of one load round. */
export interface RoundResult {
  readonly variant: string;
  /** Good responses per second (200, not degraded, full page): sheds and errors are not throughput. */
  readonly rps: number;
  /** Every response per second, sheds included. */
  readonly allRps: number;
  readonly shed: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly bad: number;
  readonly short: number;
  readonly load1: number;
  /** CPU of the k6 process per response, µs: the load generator's share of the two cores. */
  readonly k6MicrosPerReq: number;
  /** CPU of the server process tree per response, µs (when the round was given its pid). */
  readonly serverMicrosPerReq: number;
  /** With HISTOGRAM set: good responses per latency bucket (k6/read.js's BOUNDS_MS, then above). */
  readonly buckets: readonly number[];
}

/** Runs one k6 round against `baseUrl` and returns its figures; with `cpus`, k6 runs on those cores only. */
export async function k6Round(
  variant: string,
  env: Record<string, string | number>,
  serverPid?: number,
  cpus?: string,
): Promise<RoundResult> {
  const k6 = await ensureK6();
  const dir = await mkdtemp(join(tmpdir(), 'atlas-bench-'));
  const summary = join(dir, 'summary.json');
  const args = ['run', '--quiet', '--no-color', '--no-thresholds', '--summary-export', summary];
  for (const [key, value] of Object.entries(env)) args.push('-e', `${key}=${value}`);
  args.push(READ_SCRIPT);
  try {
    const k6CpuBefore = await exitedChildrenCpuSeconds();
    const serverCpuBefore = serverPid === undefined ? 0 : await treeCpuSeconds(serverPid);
    await new Promise<void>((resolve, reject) => {
      const [command, commandArgs] = onCpus(cpus, k6, args);
      const child = spawn(command, commandArgs, {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, K6_NO_USAGE_REPORT: 'true' },
      });
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-2000)));
      child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`k6 exited with ${code}: ${err}`))));
    });
    const serverCpu = serverPid === undefined ? Number.NaN : (await treeCpuSeconds(serverPid)) - serverCpuBefore;
    const k6Cpu = (await exitedChildrenCpuSeconds()) - k6CpuBefore;
    const metrics = (JSON.parse(await readFile(summary, 'utf8')) as { metrics: Record<string, Record<string, number>> }).metrics;
    // Latency of the 200s (the expected responses): a shed 503 answers in microseconds.
    const responses = Math.max(1, metrics['http_reqs']?.['count'] ?? 0);
    const duration = metrics['http_req_duration{expected_response:true}'] ?? metrics['http_req_duration'] ?? {};
    return {
      variant,
      rps: metrics['good_responses']?.['rate'] ?? 0,
      allRps: metrics['http_reqs']?.['rate'] ?? 0,
      shed: metrics['shed_responses']?.['count'] ?? 0,
      p50: duration['med'] ?? Number.NaN,
      p99: duration['p(99)'] ?? Number.NaN,
      max: duration['max'] ?? Number.NaN,
      bad: metrics['bad_responses']?.['count'] ?? 0,
      short: metrics['short_timelines']?.['count'] ?? 0,
      load1: loadavg()[0] ?? 0,
      k6MicrosPerReq: (k6Cpu * 1e6) / responses,
      serverMicrosPerReq: (serverCpu * 1e6) / responses,
      // A counter that saw no sample is missing from the summary: its bucket is 0.
      buckets: env['HISTOGRAM'] ? Array.from({ length: CLIENT_BUCKETS }, (_, i) => metrics[`latency_bucket_${i}`]?.['count'] ?? 0) : [],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A server process started for a benchmark. */
export interface BenchServer {
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Spawns `node <args>` and waits for a stdout line matching `ready`. */
export async function startServer(
  args: readonly string[],
  ready: RegExp,
  env: Record<string, string> = {},
  nodeOptions: readonly string[] = [],
): Promise<BenchServer> {
  const child = spawn(process.execPath, [...nodeOptions, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start`)), 60_000);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (ready.test(line)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Median of numbers (NaN for none). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
