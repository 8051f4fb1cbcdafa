/**
 * `npm run bench:timeline`: the home timeline read (GET /timelines/{user}?limit=20, cache hit,
 * 20 hydrated posts) on the production-like Node host, TCP Redis adapter, against bare Hono
 * (one trivial route, same number of processes), in the same run, alternating rounds; the same
 * read through the REST adapter (Upstash protocol -> local REST endpoint) beside it. Then the
 * latency at half of the measured capacity (open model). Targets: timeline >= 0.30x
 * bare Hono's RPS and >= 4,000 RPS, p99 <= 25 ms at half capacity.
 *
 * Variants (BENCH_VARIANTS, default all): bare, tcp, uncached (the TCP read asking Redis for
 * the token's revocation on every request, preload/without-revocation-cache.ts), nocheck (no
 * revocation check at all, preload/without-revocation-check.ts), semispace (the TCP read with
 * V8's young generation enlarged, not in the default set), rest.
 *
 * Env: BENCH_ROUNDS (3), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (5, one uncounted round per
 * variant first), BENCH_VUS (50), BENCH_INSTANCES (2),
 * BENCH_USERS (300 seeded users), BENCH_CPU_PROF=1 (CPU profiles of the servers), BENCH_PIN (both: unpinned
 * then pinned in one run, k6 on cpu 0 and the functions and services on the others; or pinned, or
 * unpinned). Prints a table per mode; JSON to load/reports/timeline-read-<time>.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '#shared/config/app-config.ts';
import { cpuSplit, pinModes, pinSystemUnderTest, type PinMode } from '../runner/cpu-affinity.ts';
import { seedUsers } from '../runner/seed.ts';
import { prepareInfrastructure } from '../runner/system-under-test.ts';
import { k6Round, median, startServer } from './bench-k6.ts';
import type { BenchServer, RoundResult } from './bench-k6.ts';
import { halfLoadRound, histogramLines } from './half-load-round.ts';
import type { HalfLoadResult } from './half-load-round.ts';
import { warmReaders } from './timeline-readers.ts';

const env = process.env;
const rounds = Number(env['BENCH_ROUNDS'] ?? 3);
const seconds = Number(env['BENCH_SECONDS'] ?? 10);
const vus = Number(env['BENCH_VUS'] ?? 50);
const instances = Number(env['BENCH_INSTANCES'] ?? 2);
const warmUpSeconds = Number(env['BENCH_WARMUP_SECONDS'] ?? 5);
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const PORTS = { bare: 18090, tcp: 18091, rest: 18092, nocheck: 18093, uncached: 18094, semispace: 18095 } as const;
const WITHOUT_REVOCATION_CHECK = ['--import', here('./preload/without-revocation-check.ts')];
const WITHOUT_REVOCATION_CACHE = ['--import', here('./preload/without-revocation-cache.ts')];
// Every function variant records its event-loop delay and GC pauses (cheap: a 1 ms-resolution
// histogram and a GC observer), so the variants stay comparable.
const RUNTIME_STATS = ['--import', here('./preload/runtime-stats.ts')];
// BENCH_CPU_PROF=1: V8 CPU profiles of every server process (workers inherit execArgv) into load/reports/profiles/.
const profile =
  env['BENCH_CPU_PROF'] === '1' ? ['--cpu-prof', `--cpu-prof-dir=${fileURLToPath(new URL('../reports/profiles/', import.meta.url))}`] : [];
type Variant = keyof typeof PORTS;
const LABELS: Record<Variant, string> = {
  bare: 'bare Hono GET /hello',
  tcp: 'timeline read, TCP adapter',
  uncached: '  same, revocation check uncached',
  nocheck: '  same, no revocation check',
  semispace: '  same, 64 MB young semi-spaces',
  rest: 'timeline read, REST adapter',
};
const order = (env['BENCH_VARIANTS'] ?? 'bare,tcp,uncached,nocheck,rest').split(',').map((name) => {
  if (!(name in PORTS)) throw new Error(`BENCH_VARIANTS: unknown variant "${name}" (bare, tcp, uncached, nocheck, semispace, rest)`);
  return name as Variant;
});
if (!order.includes('bare') || !order.includes('tcp')) throw new Error('BENCH_VARIANTS must include bare and tcp');
const split = cpuSplit();
const tables: string[] = [];

async function main(): Promise<void> {
  const connection = await prepareInfrastructure();
  const work = await mkdtemp(join(tmpdir(), 'atlas-timeline-bench-'));
  const seed = await seedUsers({ users: Number(env['BENCH_USERS'] ?? 300), outDir: work, connection });
  if (!seed.usersFile) throw new Error(`the timeline bench needs the seeded follow graph: ${seed.note}`);
  const servers: BenchServer[] = [];
  try {
    const common = { ...connection, LOG_LEVEL: 'warn' };
    const statsDir = (variant: Variant): string => join(work, 'runtime-stats', variant);
    const cluster = (variant: Variant, adapter: string, preload: readonly string[] = []): Promise<BenchServer> =>
      startServer(
        [here('../../local-infra/node-host/cluster-main.ts'), '--functions', 'timeline', '--instances', String(instances)],
        /"event":"ready"/,
        { ...common, TIMELINE_PORT: String(PORTS[variant]), REDIS_ADAPTER: adapter, BENCH_RUNTIME_STATS_DIR: statsDir(variant) },
        [...profile, ...RUNTIME_STATS, ...preload],
      );
    const start: Record<Variant, () => Promise<BenchServer>> = {
      bare: () => startServer([here('./bare-hono-server.ts'), String(PORTS.bare), String(instances)], /^ready/, {}, profile),
      tcp: () => cluster('tcp', 'tcp'),
      uncached: () => cluster('uncached', 'tcp', WITHOUT_REVOCATION_CACHE),
      nocheck: () => cluster('nocheck', 'tcp', WITHOUT_REVOCATION_CHECK),
      // V8's young generation at 64 MB semi-spaces instead of its default: fewer scavenges and
      // less promoted to the old generation, so fewer major GCs (the GC columns say whether).
      semispace: () => cluster('semispace', 'tcp', ['--max-semi-space-size=64']),
      rest: () => cluster('rest', 'rest'),
    };
    const serverOf: Partial<Record<Variant, BenchServer>> = {};
    for (const variant of order) {
      const server = await start[variant]();
      serverOf[variant] = server;
      servers.push(server);
    }
    const pidOf = (variant: Variant): number | undefined => serverOf[variant]?.child.pid;
    const readersFile = join(work, 'readers.json');
    const readers = await warmReaders(`http://127.0.0.1:${PORTS.tcp}`, seed.usersFile, readersFile);
    if (readers < 10) throw new Error(`only ${readers} seeded readers have 20 posts in their timeline`);
    const envOf = (variant: Variant) => ({
      BASE_URL: `http://127.0.0.1:${PORTS[variant]}`,
      PATH_KIND: variant === 'bare' ? 'hello' : 'timeline',
      USERS_FILE: readersFile,
      SECONDS: seconds,
      VUS: vus,
    });

    const sidecarUrl = loadConfig(env).metrics.sidecarUrl;
    const reports: Record<string, unknown> = {};
    for (const mode of pinModes(env, split)) {
      const cpus = mode === 'pinned' ? split?.loadCpus : undefined;
      const restore =
        mode === 'pinned' && split
          ? await pinSystemUnderTest(
              servers.map((server) => server.child.pid ?? 0),
              split,
            )
          : undefined;
      try {
        reports[mode] = await measure(mode, cpus);
      } finally {
        await restore?.();
      }
    }

    async function measure(mode: PinMode, cpus: string | undefined): Promise<unknown> {
      // One uncounted round each first: a fresh cluster spends more CPU per read while V8 still
      // optimises the read path (434 vs 246 us of server CPU per read, its first 8 s round vs
      // its second, 2026-11-25); that is not the steady state the variants are compared in.
      for (const variant of order)
        await k6Round(`${variant} warm-up`, { ...envOf(variant), MODE: 'closed', SECONDS: warmUpSeconds }, undefined, cpus);
      const results: RoundResult[] = [];
      for (let round = 0; round < rounds; round += 1) {
        for (let i = 0; i < order.length; i += 1) {
          const variant = order[(i + round) % order.length] as Variant;
          const result = await k6Round(variant, { ...envOf(variant), MODE: 'closed' }, pidOf(variant), cpus);
          results.push(result);
          console.error(
            `${mode} round ${round + 1} ${variant.padEnd(4)} ${result.rps.toFixed(0)} req/s p99 ${result.p99.toFixed(1)} ms, ${result.shed} shed, ${result.bad} bad/degraded, ${result.short} short; CPU per request: k6 ${result.k6MicrosPerReq.toFixed(0)} µs, server ${result.serverMicrosPerReq.toFixed(0)} µs (load ${result.load1.toFixed(2)})`,
          );
        }
      }
      const medianOf = (variant: Variant, pick: (r: RoundResult) => number): number =>
        median(results.filter((r) => r.variant === variant).map(pick));
      const rps = (variant: Variant): number => medianOf(variant, (r) => r.rps);
      const atHalf = (variant: Variant): Promise<HalfLoadResult> =>
        halfLoadRound({
          label: `${variant}@half`,
          k6Env: envOf(variant),
          rate: Math.round(rps(variant) / 2),
          seconds: 15,
          serverPid: pidOf(variant),
          cpus,
          sidecarUrl,
          fn: 'timeline',
          runtimeStatsDir: statsDir(variant),
        });
      const half: Partial<Record<Variant, HalfLoadResult>> = {};
      for (const variant of order) if (variant !== 'bare') half[variant] = await atHalf(variant);
      const halfTcp = half.tcp as HalfLoadResult;
      const ratio = rps('tcp') / rps('bare');
      const row = (variant: Variant): string[] => {
        const halfLoad = half[variant];
        return [
          LABELS[variant],
          rps(variant).toFixed(0),
          (rps(variant) / rps('bare')).toFixed(2),
          medianOf(variant, (r) => r.p99).toFixed(1),
          halfLoad ? `${halfLoad.rps.toFixed(0)} req/s` : '',
          halfLoad ? halfLoad.p99.toFixed(1) : '',
          halfLoad ? halfLoad.serverP99.toFixed(1) : '',
          medianOf(variant, (r) => r.k6MicrosPerReq).toFixed(0),
          medianOf(variant, (r) => r.serverMicrosPerReq).toFixed(0),
        ];
      };
      const rows = order.map(row);
      const widths = [30, 7, 7, 7, 14, 9, 12, 10, 11];
      const line = (cells: readonly string[]): string =>
        cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' ');
      const where =
        mode === 'pinned'
          ? `pinned: k6 on cpu ${split?.loadCpus}, functions and services on cpu ${split?.serverCpus}`
          : 'unpinned: the scheduler shares both cores';
      tables.push(
        `\nTimeline read vs bare Hono, ${where} (${rounds} alternating rounds x ${seconds}s, ${vus} VUs, ${instances} processes each, ${readers} readers; load avg ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')})`,
      );
      tables.push(line(['variant', 'req/s', 'x bare', 'p99 ms', 'half load', 'p99@half', 'server p99', 'k6 µs/req', 'server µs/req']));
      for (const cells of rows) tables.push(line(cells));
      for (const [variant, result] of Object.entries(half)) tables.push(...histogramLines(`${mode} ${variant}@half`, result));
      const bad = results.reduce((sum, r) => sum + r.bad + r.short, 0) + Object.values(half).reduce((sum, r) => sum + r.bad, 0);
      const targets = {
        ratioAtLeast030: ratio >= 0.3,
        rpsAtLeast4000: rps('tcp') >= 4000,
        p99AtHalfAtMost25ms: halfTcp.p99 <= 25,
        noBadResponses: bad === 0,
      };
      tables.push(
        `targets (${mode}): ${Object.entries(targets)
          .map(([name, ok]) => `${name} ${ok ? 'MET' : 'MISSED'}`)
          .join(', ')}`,
      );
      return { loadavg: loadavg(), results, half, ratio, targets };
    }

    for (const text of tables) console.log(text);
    console.log("p99@half is measured by k6 (the client), server p99 by the functions' own histogram (first middleware to response,");
    console.log('interpolated in its buckets): the difference is time in kernel queues, the load generator and the wire.');
    console.log('CPU per request: user + system time per response; the REST server column leaves out the REST endpoint process.');
    const reportsDir = here('../reports/');
    await mkdir(reportsDir, { recursive: true });
    const file = join(reportsDir, `timeline-read-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    await writeFile(file, JSON.stringify({ rounds, seconds, vus, instances, readers, split, modes: reports }, null, 2));
    console.log(`report: ${file}`);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await seed.remove().catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
}

await main();
