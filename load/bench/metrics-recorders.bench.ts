/**
 * `npm run bench:metrics`: what recording metrics costs on real routes, prom-client (the
 * platform's recorder) against a recorder that drops everything, in one run. ADR 0029 holds the
 * figures of the hand-written registry it replaced (measured with this bench at commit e032291).
 *
 * Two server processes (metrics-recorder-server.ts), identical but for the recorder, serve the
 * timeline function (GET /timelines/{user}?limit=20, cache hit, 20 hydrated posts, seeded
 * readers) and a trivial `GET /hello` function through the full platform layer. autocannon
 * loads one of them at a time from a third process; rounds alternate which variant goes first,
 * so drift (other tenants of the machine) hits both alike. Per round: req/s and the server's CPU
 * time per reply (robust to a noisy machine where req/s is not). Medians of the rounds are
 * compared. Then the recorders' own CPU per request without sockets (metrics-recorders-inprocess.ts),
 * the figure noise cannot hide. A JSON report goes to load/reports/metrics-recorders-<time>.json.
 *
 * Env: BENCH_ROUTES (timeline,hello), BENCH_ROUNDS (4), BENCH_SECONDS (5), BENCH_CONNECTIONS (50),
 * BENCH_WARMUP_SECONDS (3), BENCH_USERS (300 seeded users).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { seedUsers } from '../runner/seed.ts';
import { prepareInfrastructure } from '../runner/system-under-test.ts';
import { loadFromChild } from './autocannon-child.ts';
import type { LoadResult } from './autocannon-child.ts';
import { median } from './bench-k6.ts';
import { serverCpuMicros } from './server-cpu.ts';
import { warmReaders } from './timeline-readers.ts';

const VARIANTS = ['none', 'prom-client'] as const;
type Variant = (typeof VARIANTS)[number];
type Route = 'timeline' | 'hello';
interface Server {
  readonly child: ChildProcess;
  readonly urls: Record<Route, string>;
}
interface RoundResult extends LoadResult {
  /** Server CPU time (user + system) per answered request, in microseconds. */
  readonly cpuMicrosPerRequest: number;
  /** 1-minute load average when the round started (other tenants of the machine). */
  readonly loadAverage: number;
}

const env = process.env;
const rounds = Number(env['BENCH_ROUNDS'] ?? 4);
const seconds = Number(env['BENCH_SECONDS'] ?? 5);
const connections = Number(env['BENCH_CONNECTIONS'] ?? 50);
const warmup = Number(env['BENCH_WARMUP_SECONDS'] ?? 3);
const routes = (env['BENCH_ROUTES'] ?? 'timeline,hello').split(',') as Route[];
const reportsDir = fileURLToPath(new URL('../reports/', import.meta.url));
const serverScript = fileURLToPath(new URL('./metrics-recorder-server.ts', import.meta.url));

function startServer(variant: Variant, connection: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, [serverScript, variant], {
    env: { ...process.env, ...connection },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${variant} server did not start`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /ready (\d+) (\d+)/.exec(chunk.toString());
      if (!match) return;
      clearTimeout(timer);
      const base = (port: string | undefined): string => `http://127.0.0.1:${port}`;
      resolve({ child, urls: { timeline: base(match[1]), hello: `${base(match[2])}/hello` } });
    });
    child.once('exit', (code) => reject(new Error(`${variant} server exited with ${code}`)));
  });
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

const connection = await prepareInfrastructure(['postgres', 'redis']);
const work = await mkdtemp(join(tmpdir(), 'atlas-metrics-bench-'));
const seed = await seedUsers({ users: Number(env['BENCH_USERS'] ?? 300), outDir: work, connection });
const servers: Partial<Record<Variant, Server>> = {};
const report: Record<string, unknown> = { rounds, seconds, connections, node: process.version, loadAverageAtStart: loadavg()[0] };
const table: string[] = [];
try {
  if (!seed.usersFile) throw new Error(`needs the seeded follow graph: ${seed.note}`);
  for (const variant of VARIANTS) servers[variant] = await startServer(variant, connection);
  const serverOf = (variant: Variant): Server => servers[variant] as Server;
  const readersFile = join(work, 'readers.json');
  const readers = await warmReaders(serverOf('none').urls.timeline, seed.usersFile, readersFile);
  // The same reads through the other server, so both have run the read path as often (JIT).
  await warmReaders(serverOf('prom-client').urls.timeline, seed.usersFile, join(work, 'readers-again.json'));
  if (readers < 10) throw new Error(`only ${readers} seeded readers have 20 posts in their timeline`);
  report['readers'] = readers;
  console.log(`load average at start: ${loadavg()[0]?.toFixed(2)} (2 cores shared); ${readers} readers`);
  const load = (variant: Variant, route: Route, duration: number): Promise<LoadResult> =>
    loadFromChild(serverOf(variant).urls[route], duration, connections, route === 'timeline' ? readersFile : undefined);

  for (const route of routes) {
    console.log(`\n/${route}: warming up ${warmup}s each...`);
    for (const variant of VARIANTS) await load(variant, route, warmup);
    const results: Record<Variant, RoundResult[]> = { none: [], 'prom-client': [] };
    for (let round = 1; round <= rounds; round++) {
      for (const variant of round % 2 ? VARIANTS : [...VARIANTS].reverse()) {
        const loadAverage = Math.round((loadavg()[0] ?? 0) * 100) / 100;
        const before = await serverCpuMicros(serverOf(variant).child);
        const result = await load(variant, route, seconds);
        const used = (await serverCpuMicros(serverOf(variant).child)) - before;
        const cpuMicrosPerRequest = round1(used / Math.max(1, result.ok + result.non2xx));
        results[variant].push({ ...result, cpuMicrosPerRequest, loadAverage });
        console.log(
          `round ${round} /${route} ${variant.padEnd(11)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  cpu ${cpuMicrosPerRequest} us/req  p99 ${result.p99Ms} ms  non2xx ${result.non2xx}  errors ${result.errors}  load ${loadAverage}`,
        );
        await sleep(500);
      }
    }
    const summary = (variant: Variant) => ({
      requestsPerSecond: Math.round(median(results[variant].map((r) => r.requestsPerSecond))),
      cpuMicrosPerRequest: round1(median(results[variant].map((r) => r.cpuMicrosPerRequest))),
      p99Ms: median(results[variant].map((r) => r.p99Ms)),
      failed: results[variant].reduce((sum, r) => sum + r.non2xx + r.errors, 0),
    });
    const none = summary('none');
    const prom = summary('prom-client');
    const rpsRatio = prom.requestsPerSecond / none.requestsPerSecond;
    const cpuRatio = prom.cpuMicrosPerRequest / none.cpuMicrosPerRequest;
    (report[route] as unknown) = { none, promClient: prom, rpsRatio, cpuRatio, results };
    for (const [name, s] of [
      ['none', none],
      ['prom-client', prom],
    ] as const) {
      table.push(`| /${route} | ${name} | ${s.requestsPerSecond} | ${s.cpuMicrosPerRequest} | ${s.p99Ms} | ${s.failed} |`);
    }
    const extra = round1(prom.cpuMicrosPerRequest - none.cpuMicrosPerRequest);
    table.push(
      `| /${route} | **prom-client / none** | **${(rpsRatio * 100).toFixed(1)}%** | **${(cpuRatio * 100).toFixed(1)}%** (${extra >= 0 ? '+' : ''}${extra} us) | | |`,
    );
  }
} finally {
  for (const server of Object.values(servers)) server.child.kill('SIGTERM');
  await seed.remove();
  await rm(work, { recursive: true, force: true });
}

// The recorders' own cost without sockets (see metrics-recorders-inprocess.ts).
const inProcessScript = fileURLToPath(new URL('./metrics-recorders-inprocess.ts', import.meta.url));
const inProcess = (variant: Variant): Promise<{ requestNanos: number; dependencyCallNanos: number }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [inProcessScript, variant], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(`in-process ${variant} exited ${code}`)),
    );
  });
for (const variant of VARIANTS) {
  const figures = await inProcess(variant);
  report[`inProcess ${variant}`] = figures;
  table.push(
    `| in process | ${variant} | ${figures.requestNanos} ns per request's RED calls, ${figures.dependencyCallNanos} ns per dependency call | | | |`,
  );
}

console.log('\n| route | recorder | req/s (median) | server CPU us/req (median) | p99 ms | non-2xx + errors |');
console.log('|---|---|---|---|---|---|');
for (const line of table) console.log(line);
report['loadAverageAtEnd'] = loadavg()[0];
await mkdir(reportsDir, { recursive: true });
const file = `${reportsDir}metrics-recorders-${new Date().toISOString().replaceAll(':', '-')}.json`;
await writeFile(file, JSON.stringify(report, null, 2));
console.log(`report: ${file}`);
