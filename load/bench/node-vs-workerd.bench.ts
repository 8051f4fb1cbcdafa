/**
 * `npm run bench:runtimes`: the same route (GET /timelines/{user}?limit=20, cache hit) on Node
 * and in workerd, one process each: workerd served by Miniflare from the bundle `wrangler
 * deploy --dry-run` builds (local-infra/workerd-host), not through the `wrangler dev` proxy.
 * workerd reaches Redis over the Upstash REST protocol only, so Node runs the same REST
 * adapter for the like-for-like figure, and the TCP adapter as reference. Alternating rounds.
 *
 * Env: BENCH_ROUNDS (3), BENCH_SECONDS (10), BENCH_VUS (50), BENCH_USERS (300).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWorkerBundle } from '#local-infra/workerd-host/build-bundle.ts';
import { serveWorkerBundle } from '#local-infra/workerd-host/serve-bundle.ts';
import { seedUsers } from '../runner/seed.ts';
import { prepareInfrastructure } from '../runner/system-under-test.ts';
import { k6Round, median, startServer } from './bench-k6.ts';
import type { RoundResult } from './bench-k6.ts';
import { warmReaders } from './timeline-readers.ts';

const env = process.env;
const rounds = Number(env['BENCH_ROUNDS'] ?? 3);
const seconds = Number(env['BENCH_SECONDS'] ?? 10);
const vus = Number(env['BENCH_VUS'] ?? 50);
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

async function main(): Promise<void> {
  const connection = await prepareInfrastructure();
  const work = await mkdtemp(join(tmpdir(), 'atlas-runtimes-bench-'));
  const seed = await seedUsers({ users: Number(env['BENCH_USERS'] ?? 300), outDir: work, connection });
  if (!seed.usersFile) throw new Error(`the bench needs the seeded follow graph: ${seed.note}`);
  const stops: (() => Promise<void>)[] = [];
  try {
    const node = (port: number, adapter: string) =>
      startServer([here('../../local-infra/node-host/cluster-main.ts'), '--functions', 'timeline', '--instances', '1'], /"event":"ready"/, {
        ...connection,
        LOG_LEVEL: 'warn',
        TIMELINE_PORT: String(port),
        REDIS_ADAPTER: adapter,
      });
    const nodeRest = await node(18093, 'rest');
    stops.push(nodeRest.stop);
    const nodeTcp = await node(18094, 'tcp');
    stops.push(nodeTcp.stop);
    // Inside the checkout (dist/ is git-ignored): workerd refuses module paths that climb out of its root.
    const outdir = `dist/bench-workerd/${process.pid}`;
    stops.push(() => rm(outdir, { recursive: true, force: true }));
    const bundlePath = await buildWorkerBundle({ env: 'timeline', outdir });
    const worker = await serveWorkerBundle({ env: 'timeline', bundlePath, overrides: { ...connection, LOG_LEVEL: 'warn' } });
    stops.push(() => worker.dispose());
    const urls: Record<string, string> = {
      'node-rest': 'http://127.0.0.1:18093',
      'node-tcp': 'http://127.0.0.1:18094',
      workerd: worker.url,
    };
    const readersFile = join(work, 'readers.json');
    const readers = await warmReaders(urls['node-tcp'] ?? '', seed.usersFile, readersFile);
    if (readers < 10) throw new Error(`only ${readers} seeded readers have 20 posts in their timeline`);
    const variants = Object.keys(urls);
    const results: RoundResult[] = [];
    for (let round = 0; round < rounds; round += 1) {
      for (let i = 0; i < variants.length; i += 1) {
        const variant = variants[(i + round) % variants.length] ?? '';
        const result = await k6Round(variant, {
          BASE_URL: urls[variant] ?? '',
          PATH_KIND: 'timeline',
          USERS_FILE: readersFile,
          SECONDS: seconds,
          VUS: vus,
          MODE: 'closed',
        });
        results.push(result);
        console.error(
          `round ${round + 1} ${variant.padEnd(9)} ${result.rps.toFixed(0)} req/s p99 ${result.p99.toFixed(1)} ms, ${result.shed} shed, ${result.bad} bad (load ${result.load1.toFixed(2)})`,
        );
      }
    }
    const of = (variant: string) => results.filter((r) => r.variant === variant);
    console.log(
      `\nSame route on Node and workerd (1 process each, ${rounds} alternating rounds x ${seconds}s, ${vus} VUs; load avg ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
    );
    console.log(`${'runtime'.padEnd(28)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'bad'.padStart(5)}`);
    const labels: Record<string, string> = {
      'node-rest': 'Node, REST adapter',
      'node-tcp': 'Node, TCP adapter (ref.)',
      workerd: 'workerd (Miniflare, bundle)',
    };
    for (const variant of variants) {
      const list = of(variant);
      console.log(
        `${(labels[variant] ?? variant).padEnd(28)} ${median(list.map((r) => r.rps))
          .toFixed(0)
          .padStart(7)} ${median(list.map((r) => r.p50))
          .toFixed(1)
          .padStart(7)} ${median(list.map((r) => r.p99))
          .toFixed(1)
          .padStart(7)} ${String(list.reduce((s, r) => s + r.bad, 0)).padStart(5)}`,
      );
    }
    const reportsDir = here('../reports/');
    await mkdir(reportsDir, { recursive: true });
    const file = join(reportsDir, `node-vs-workerd-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    await writeFile(file, JSON.stringify({ rounds, seconds, vus, readers, loadavg: loadavg(), results }, null, 2));
    console.log(`report: ${file}`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await seed.remove().catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
}

await main();
