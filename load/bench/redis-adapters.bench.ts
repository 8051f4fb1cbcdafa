/**
 * `npm run bench:redis`: a timeline-style read (LRANGE 20 + MGET 20, the hot path of
 * GET /timelines/:user) through the TCP adapter (ioredis) and through the Upstash adapter ->
 * REST endpoint (its own process) -> Redis, in the same run, in alternating rounds.
 * Prints a table and writes load/reports/redis-adapters-<time>.json (git-ignored).
 *
 * Env: REDIS_URL (default local Redis), BENCH_ROUNDS (4 per adapter), BENCH_SECONDS (3 per
 * round), BENCH_CONCURRENCY (32 reads in flight). Not a test: numbers depend on the machine.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { localSetting } from '#shared/config/local-defaults.ts';
import { createIoredisRedis } from '#shared/redis/adapters/ioredis.adapter.ts';
import { createUpstashRedis } from '#shared/redis/adapters/upstash.adapter.ts';
import type { RedisPort } from '#shared/redis/redis.port.ts';
import { startRestEndpoint } from './rest-endpoint-process.ts';

const env = process.env;
const redisUrl = env.REDIS_URL ?? `redis://127.0.0.1:${localSetting('REDIS_PORT', env)}`;
const token = localSetting('REDIS_REST_TOKEN', env);
const rounds = Number(env.BENCH_ROUNDS ?? 4);
const seconds = Number(env.BENCH_SECONDS ?? 3);
const concurrency = Number(env.BENCH_CONCURRENCY ?? 32);
const TIMELINE_LENGTH = 20;

interface RoundResult {
  readonly adapter: string;
  readonly opsPerSecond: number;
  readonly errors: number;
  readonly latenciesMs: number[];
  readonly clientCpuUsPerOp: number;
  readonly endpointCpuUsPerOp: number | undefined;
}

const prefix = `bench:redis-adapters:${crypto.randomUUID()}:`;
const timelineKey = `${prefix}timeline`;
const postKey = (id: string): string => `${prefix}post:${id}`;

async function seed(redis: RedisPort): Promise<void> {
  const ids = Array.from({ length: TIMELINE_LENGTH }, (_, i) => String(1_000_000 + i));
  for (const id of ids) {
    const post = { id, authorId: '42', text: 'x'.repeat(200), createdAt: new Date().toISOString() };
    await redis.set(postKey(id), JSON.stringify(post), { ttlSeconds: 600 });
  }
  await redis.pushCapped(timelineKey, ids, 800);
  await redis.expire(timelineKey, 600);
}

/** One timeline read; throws if the data is not all there (a broken path must not look fast). */
async function timelineRead(redis: RedisPort): Promise<void> {
  const ids = await redis.lrange(timelineKey, 0, TIMELINE_LENGTH - 1);
  const posts = await redis.mget(ids.map(postKey));
  if (posts.length !== TIMELINE_LENGTH || posts.includes(null)) throw new Error('timeline read came back incomplete');
}

async function runRound(
  adapter: string,
  redis: RedisPort,
  durationMs: number,
  endpointCpu: () => Promise<number | undefined>,
): Promise<RoundResult> {
  const latenciesMs: number[] = [];
  let errors = 0;
  const cpuBefore = process.cpuUsage();
  const endpointBefore = await endpointCpu();
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await timelineRead(redis);
          latenciesMs.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const endpointAfter = await endpointCpu();
  const ops = Math.max(latenciesMs.length, 1);
  return {
    adapter,
    opsPerSecond: latenciesMs.length / elapsedSeconds,
    errors,
    latenciesMs,
    clientCpuUsPerOp: (cpu.user + cpu.system) / ops,
    endpointCpuUsPerOp:
      endpointBefore === undefined || endpointAfter === undefined ? undefined : ((endpointAfter - endpointBefore) * 1e6) / ops,
  };
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
const median = (values: readonly number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

function summarise(adapter: string, results: readonly RoundResult[]) {
  const mine = results.filter((result) => result.adapter === adapter);
  const latencies = mine.flatMap((result) => result.latenciesMs).sort((a, b) => a - b);
  const endpointCpu = mine.map((result) => result.endpointCpuUsPerOp).filter((value) => value !== undefined);
  return {
    adapter,
    rounds: mine.length,
    opsPerSecondMedian: Math.round(median(mine.map((result) => result.opsPerSecond))),
    opsPerSecondPerRound: mine.map((result) => Math.round(result.opsPerSecond)),
    p50Ms: Number(percentile(latencies, 0.5).toFixed(2)),
    p99Ms: Number(percentile(latencies, 0.99).toFixed(2)),
    errors: mine.reduce((sum, result) => sum + result.errors, 0),
    clientCpuUsPerOp: Math.round(median(mine.map((result) => result.clientCpuUsPerOp))),
    endpointCpuUsPerOp: endpointCpu.length > 0 ? Math.round(median(endpointCpu)) : null,
  };
}

const endpoint = await startRestEndpoint(redisUrl, token);
const adapters: Record<string, RedisPort> = {
  'tcp (ioredis)': createIoredisRedis({ url: redisUrl }),
  'rest (@upstash/redis)': createUpstashRedis({ url: endpoint.url, token }),
};
const cpuOf = (name: string) => (name.startsWith('rest') ? () => endpoint.cpuSeconds() : async () => undefined);
const results: RoundResult[] = [];
try {
  await seed(adapters['tcp (ioredis)'] as RedisPort);
  console.log(
    `Timeline read (LRANGE ${TIMELINE_LENGTH} + MGET ${TIMELINE_LENGTH}), ${concurrency} in flight, ${rounds} x ${seconds}s per adapter, alternating`,
  );
  for (const [name, redis] of Object.entries(adapters)) await runRound(name, redis, 1000, cpuOf(name)); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const [name, redis] of Object.entries(adapters)) {
      const result = await runRound(name, redis, seconds * 1000, cpuOf(name));
      results.push(result);
      console.log(`  round ${round + 1} ${name.padEnd(22)} ${Math.round(result.opsPerSecond).toString().padStart(6)} reads/s`);
    }
  }
} finally {
  await adapters['tcp (ioredis)']?.del([timelineKey, ...Array.from({ length: TIMELINE_LENGTH }, (_, i) => postKey(String(1_000_000 + i)))]);
  await Promise.all(Object.values(adapters).map((redis) => redis.close()));
  await endpoint.stop();
}

const summary = Object.keys(adapters).map((name) => summarise(name, results));
const [tcp, rest] = summary as [ReturnType<typeof summarise>, ReturnType<typeof summarise>];
console.table(summary.map(({ opsPerSecondPerRound: _perRound, ...row }) => row));
const ratio = tcp.opsPerSecondMedian / Math.max(rest.opsPerSecondMedian, 1);
console.log(`TCP / REST throughput ratio: ${ratio.toFixed(1)}x`);

const reportDir = join(import.meta.dirname, '..', 'reports');
await mkdir(reportDir, { recursive: true });
const file = join(reportDir, `redis-adapters-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
const report = {
  benchmark: 'redis-adapters',
  at: new Date().toISOString(),
  node: process.version,
  settings: { rounds, seconds, concurrency, timelineLength: TIMELINE_LENGTH },
  summary,
  tcpToRestRatio: Number(ratio.toFixed(2)),
};
await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`Report: ${file}`);
