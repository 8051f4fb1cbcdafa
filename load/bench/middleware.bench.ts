/**
 * `npm run bench:middleware`: the cost of the reliability layer (target: the full
 * layer keeps >= 90% of bare Hono's throughput).
 *
 * Two server processes (bare and full, see middleware-server.ts) serve the same trivial route;
 * a third process (middleware-load.ts, autocannon) loads one of them at a time. Rounds
 * alternate which variant goes first, so drift (thermal, other tenants) hits both equally;
 * the medians of the rounds are compared. A JSON report goes to load/reports/ (git-ignored).
 *
 * Two routes are measured: `/hello` (the trivial route of the target: the layer's cost at its
 * most visible) and `/timeline` (an await plus a 20-post JSON page: a typical read's shape).
 *
 * Env: BENCH_ROUTES (hello,timeline), BENCH_ROUNDS (4), BENCH_SECONDS (6), BENCH_CONNECTIONS (50),
 * BENCH_WARMUP_SECONDS (2), BENCH_CPU_PROF=1 to write V8 CPU profiles to load/reports/profiles/,
 * BENCH_PIN (both: unpinned then pinned in one run, autocannon on cpu 0 and the servers on the
 * others; or pinned, or unpinned).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuSplit, pinModes, setTreeAffinity, type PinMode } from '../runner/cpu-affinity.ts';
import { loadFromChild } from './autocannon-child.ts';
import type { LoadResult as ChildLoadResult } from './autocannon-child.ts';
import { median } from './bench-k6.ts';
import { serverCpuMicros } from './server-cpu.ts';

type Variant = 'bare' | 'full';
interface LoadResult extends ChildLoadResult {
  /** Server CPU time (user + system) per answered request, in microseconds. */
  serverCpuMicrosPerRequest?: number;
}

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const reportsDir = fileURLToPath(new URL('../reports/', import.meta.url));
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 4);
const seconds = Number(process.env['BENCH_SECONDS'] ?? 6);
const routes = (process.env['BENCH_ROUTES'] ?? 'hello,timeline').split(',');
const connections = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const warmup = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 2);
const cpuProf = process.env['BENCH_CPU_PROF'] === '1';

async function startServer(variant: Variant): Promise<{ child: ChildProcess; url: string }> {
  const profArgs = cpuProf
    ? ['--cpu-prof', `--cpu-prof-dir=${reportsDir}profiles`, `--cpu-prof-name=${variant}-${Date.now()}.cpuprofile`]
    : [];
  const child = spawn(process.execPath, [...profArgs, here('./middleware-server.ts'), variant, '0'], {
    env: { ...process.env, LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn' },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${variant} server did not start`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /ready (\d+)/.exec(chunk.toString());
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`${variant} server exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

const split = cpuSplit();
let loadCpus: string | undefined;
const load = (url: string, duration: number): Promise<LoadResult> => loadFromChild(url, duration, connections, undefined, loadCpus);

const servers = { bare: await startServer('bare'), full: await startServer('full') };
const report: Record<string, unknown> = { rounds, seconds, connections, node: process.version, routes: {} };
const table: string[] = [];
const serverPids = Object.values(servers).map(({ child }) => child.pid ?? 0);
try {
  for (const mode of pinModes(process.env, split)) {
    loadCpus = mode === 'pinned' ? split?.loadCpus : undefined;
    if (split) await setTreeAffinity(serverPids, mode === 'pinned' ? split.serverCpus : split.allCpus);
    await measureRoutes(mode);
  }
} finally {
  for (const { child } of Object.values(servers)) child.kill('SIGTERM');
}

async function measureRoutes(mode: PinMode): Promise<void> {
  for (const route of routes) {
    const results: Record<Variant, LoadResult[]> = { bare: [], full: [] };
    console.log(`\n${mode} /${route}: warming up ${warmup}s each...`);
    await load(`${servers.bare.url}/${route}`, warmup);
    await load(`${servers.full.url}/${route}`, warmup);
    for (let round = 1; round <= rounds; round++) {
      const order: Variant[] = round % 2 ? ['bare', 'full'] : ['full', 'bare'];
      for (const variant of order) {
        const cpuBefore = await serverCpuMicros(servers[variant].child);
        const result = await load(`${servers[variant].url}/${route}`, seconds);
        const answered = result.ok + result.non2xx;
        result.serverCpuMicrosPerRequest = Math.round((((await serverCpuMicros(servers[variant].child)) - cpuBefore) / answered) * 10) / 10;
        results[variant].push(result);
        console.log(
          `${mode} round ${round} ${variant.padEnd(4)} ${result.requestsPerSecond.toFixed(0).padStart(7)} req/s  cpu ${result.serverCpuMicrosPerRequest} us/req  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms  non2xx ${result.non2xx}  errors ${result.errors}`,
        );
        await sleep(500);
      }
    }
    const summary = (variant: Variant) => ({
      requestsPerSecond: Math.round(median(results[variant].map((r) => r.requestsPerSecond))),
      p50Ms: median(results[variant].map((r) => r.p50Ms)),
      p99Ms: median(results[variant].map((r) => r.p99Ms)),
      non2xx: results[variant].reduce((sum, r) => sum + r.non2xx + r.errors, 0),
      serverCpuMicrosPerRequest: Math.round(median(results[variant].map((r) => r.serverCpuMicrosPerRequest ?? Number.NaN)) * 10) / 10,
    });
    const bare = summary('bare');
    const full = summary('full');
    const ratio = full.requestsPerSecond / bare.requestsPerSecond;
    // Requests per CPU-second, full vs bare: robust to a noisy neighbour where req/s is not.
    const cpuRatio = bare.serverCpuMicrosPerRequest / full.serverCpuMicrosPerRequest;
    (report['routes'] as Record<string, unknown>)[`${mode} ${route}`] = { mode, bare, full, ratio, cpuRatio, results };
    for (const [name, s] of [
      ['bare Hono', bare],
      ['full layer', full],
    ] as const) {
      table.push(
        `| ${mode} | /${route} | ${name} | ${s.requestsPerSecond} | ${s.serverCpuMicrosPerRequest} | ${s.p50Ms} | ${s.p99Ms} | ${s.non2xx} |`,
      );
    }
    table.push(
      `| ${mode} | /${route} | **ratio full/bare** | **${(ratio * 100).toFixed(1)}%** | **${(cpuRatio * 100).toFixed(1)}%** (req per CPU-s) | | | |`,
    );
  }
}

console.log('\n| cpus | route | variant | req/s (median) | server CPU us/req | p50 ms | p99 ms | non-2xx |');
console.log('|---|---|---|---|---|---|---|---|');
for (const line of table) console.log(line);
console.log(
  `\nTarget: the full layer keeps >= 90% of bare throughput. pinned: autocannon on cpu ${split?.loadCpus ?? '-'}, both servers on cpu ${split?.serverCpus ?? '-'}.`,
);

// The layer's own cost without sockets (see middleware-inprocess.ts).
const inProcess = await new Promise<Record<string, number>>((resolve, reject) => {
  const child = spawn(process.execPath, [here('./middleware-inprocess.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.once('exit', (code) =>
    code === 0 ? resolve(JSON.parse(out.trim()) as Record<string, number>) : reject(new Error(`in-process bench exited ${code}`)),
  );
});
report['inProcess'] = inProcess;
console.log(
  `in-process app.fetch CPU per /hello request: bare ${inProcess['bareMicros']} us, full ${inProcess['fullMicros']} us (layer ${inProcess['layerMicros']} us)`,
);

await mkdir(reportsDir, { recursive: true });
const file = `${reportsDir}middleware-${new Date().toISOString().replaceAll(':', '-')}.json`;
await writeFile(file, JSON.stringify(report, null, 2));
console.log(`report: ${file}`);
