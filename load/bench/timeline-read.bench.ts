/**
 * `npm run bench:timeline`: the home timeline read (GET /timelines/{user}?limit=20, cache hit,
 * 20 hydrated posts) on the production-like Node host, TCP Redis adapter, against bare Hono
 * (one trivial route, same number of processes), in the same run, alternating rounds; the same
 * read through the REST adapter (Upstash protocol -> local REST endpoint) beside it. Then the
 * latency at half of the measured capacity (open model). Targets (issue 6): timeline >= 0.30x
 * bare Hono's RPS and >= 4,000 RPS, p99 <= 25 ms at half capacity.
 *
 * Env: BENCH_ROUNDS (3), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (5, one uncounted round per
 * variant first), BENCH_VUS (50), BENCH_INSTANCES (2),
 * BENCH_USERS (300 seeded users), BENCH_CPU_PROF=1 (CPU profiles of the servers). Prints a table; JSON to load/reports/timeline-read-<time>.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedUsers } from '../runner/seed.ts';
import { prepareInfrastructure } from '../runner/system-under-test.ts';
import { k6Round, median, startServer } from './bench-k6.ts';
import type { BenchServer, RoundResult } from './bench-k6.ts';
import { warmReaders } from './timeline-readers.ts';

const env = process.env;
const rounds = Number(env['BENCH_ROUNDS'] ?? 3);
const seconds = Number(env['BENCH_SECONDS'] ?? 10);
const vus = Number(env['BENCH_VUS'] ?? 50);
const instances = Number(env['BENCH_INSTANCES'] ?? 2);
const warmUpSeconds = Number(env['BENCH_WARMUP_SECONDS'] ?? 5);
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const PORTS = { bare: 18090, tcp: 18091, rest: 18092 } as const;
// BENCH_CPU_PROF=1: V8 CPU profiles of every server process (workers inherit execArgv) into load/reports/profiles/.
const profile = env['BENCH_CPU_PROF'] === '1' ? ['--cpu-prof', `--cpu-prof-dir=${fileURLToPath(new URL('../reports/profiles/', import.meta.url))}`] : [];
type Variant = keyof typeof PORTS;

async function main(): Promise<void> {
  const connection = await prepareInfrastructure();
  const work = await mkdtemp(join(tmpdir(), 'atlas-timeline-bench-'));
  const seed = await seedUsers({ users: Number(env['BENCH_USERS'] ?? 300), outDir: work, connection });
  if (!seed.usersFile) throw new Error(`the timeline bench needs the seeded follow graph: ${seed.note}`);
  const servers: BenchServer[] = [];
  try {
    const common = { ...connection, LOG_LEVEL: 'warn' };
    const cluster = (variant: Variant, adapter: string): Promise<BenchServer> =>
      startServer([here('../../local-infra/node-host/cluster-main.ts'), '--functions', 'timeline', '--instances', String(instances)], /"event":"ready"/, { ...common, TIMELINE_PORT: String(PORTS[variant]), REDIS_ADAPTER: adapter }, profile);
    const serverOf: Record<Variant, BenchServer> = {
      bare: await startServer([here('./bare-hono-server.ts'), String(PORTS.bare), String(instances)], /^ready/, {}, profile),
      tcp: await cluster('tcp', 'tcp'),
      rest: await cluster('rest', 'rest'),
    };
    servers.push(...Object.values(serverOf));
    const pidOf = (variant: Variant): number | undefined => serverOf[variant].child.pid;
    const readersFile = join(work, 'readers.json');
    const readers = await warmReaders(`http://127.0.0.1:${PORTS.tcp}`, seed.usersFile, readersFile);
    if (readers < 10) throw new Error(`only ${readers} seeded readers have 20 posts in their timeline`);
    const envOf = (variant: Variant) => ({ BASE_URL: `http://127.0.0.1:${PORTS[variant]}`, PATH_KIND: variant === 'bare' ? 'hello' : 'timeline', USERS_FILE: readersFile, SECONDS: seconds, VUS: vus });

    const order: Variant[] = ['bare', 'tcp', 'rest'];
    // One uncounted round each first: a fresh cluster spends more CPU per read while V8 still
    // optimises the read path (434 vs 246 us of server CPU per read, its first 8 s round vs
    // its second, 2026-11-25); that is not the steady state the variants are compared in.
    for (const variant of order) await k6Round(`${variant} warm-up`, { ...envOf(variant), MODE: 'closed', SECONDS: warmUpSeconds });
    const results: RoundResult[] = [];
    for (let round = 0; round < rounds; round += 1) {
      for (let i = 0; i < order.length; i += 1) {
        const variant = order[(i + round) % order.length] as Variant;
        const result = await k6Round(variant, { ...envOf(variant), MODE: 'closed' }, pidOf(variant));
        results.push(result);
        console.error(`round ${round + 1} ${variant.padEnd(4)} ${result.rps.toFixed(0)} req/s p99 ${result.p99.toFixed(1)} ms, ${result.shed} shed, ${result.bad} bad/degraded, ${result.short} short; CPU per request: k6 ${result.k6MicrosPerReq.toFixed(0)} µs, server ${result.serverMicrosPerReq.toFixed(0)} µs (load ${result.load1.toFixed(2)})`);
      }
    }
    const medianOf = (variant: Variant, pick: (r: RoundResult) => number): number => median(results.filter((r) => r.variant === variant).map(pick));
    const rps = (variant: Variant): number => medianOf(variant, (r) => r.rps);
    const half = { tcp: await k6Round('tcp@half', { ...envOf('tcp'), MODE: 'open', RATE: Math.round(rps('tcp') / 2), SECONDS: 15 }, pidOf('tcp')), rest: await k6Round('rest@half', { ...envOf('rest'), MODE: 'open', RATE: Math.round(rps('rest') / 2), SECONDS: 15 }, pidOf('rest')) };
    const ratio = rps('tcp') / rps('bare');
    const row = (label: string, variant: Variant, atHalf?: RoundResult): string[] => [
      label,
      rps(variant).toFixed(0),
      (rps(variant) / rps('bare')).toFixed(2),
      medianOf(variant, (r) => r.p99).toFixed(1),
      atHalf ? `${atHalf.rps.toFixed(0)} req/s` : '',
      atHalf ? atHalf.p99.toFixed(1) : '',
      medianOf(variant, (r) => r.k6MicrosPerReq).toFixed(0),
      medianOf(variant, (r) => r.serverMicrosPerReq).toFixed(0),
    ];
    const rows = [row('bare Hono GET /hello', 'bare'), row('timeline read, TCP adapter', 'tcp', half.tcp), row('timeline read, REST adapter', 'rest', half.rest)];
    const widths = [30, 7, 7, 7, 14, 9, 10, 11];
    const line = (cells: readonly string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' ');
    console.log(`\nTimeline read vs bare Hono (${rounds} alternating rounds x ${seconds}s, ${vus} VUs, ${instances} processes each, ${readers} readers; load avg ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
    console.log(line(['variant', 'req/s', 'x bare', 'p99 ms', 'half load', 'p99@half', 'k6 µs/req', 'server µs/req']));
    for (const cells of rows) console.log(line(cells));
    console.log('CPU per request: user + system time per response; the REST server column leaves out the REST endpoint process.');
    const bad = results.reduce((sum, r) => sum + r.bad + r.short, 0) + half.tcp.bad + half.rest.bad;
    const targets = { ratioAtLeast030: ratio >= 0.3, rpsAtLeast4000: rps('tcp') >= 4000, p99AtHalfAtMost25ms: half.tcp.p99 <= 25, noBadResponses: bad === 0 };
    console.log(`targets: ${Object.entries(targets).map(([name, ok]) => `${name} ${ok ? 'MET' : 'MISSED'}`).join(', ')}`);
    const reportsDir = here('../reports/');
    await mkdir(reportsDir, { recursive: true });
    const file = join(reportsDir, `timeline-read-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    await writeFile(file, JSON.stringify({ rounds, seconds, vus, instances, readers, loadavg: loadavg(), results, half, ratio, targets }, null, 2));
    console.log(`report: ${file}`);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await seed.remove().catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
}

await main();
