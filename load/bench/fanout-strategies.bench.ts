/**
 * `npm run bench:fanout`: DDIA's fan-out trade-off measured on one seeded graph (load/data:
 * Zipf-like follower counts, a few celebrities). For each strategy (write, read, hybrid) a Node
 * host runs posts (+ outbox relay) and timeline (+ fan-out consumer) configured with it; users
 * post at a fixed rate and then read their home timelines. Reported per strategy:
 * post-to-timeline latency (from 201 to visible for a follower), fan-out work (timeline writes
 * and follower rows read per post), timeline read throughput and latency, entries stored.
 * Prints a table and writes load/reports/fanout-strategies-<time>.json (git-ignored) and, next to
 * it, load/reports/fanout-strategies-<time>/ with PNG bar charts and report.html.
 *
 * Env: BENCH_USERS (2000), BENCH_POSTS (150 per round), BENCH_RATE (20 posts/s),
 * BENCH_CELEBRITY_SHARE (0.1 of posts by celebrities), BENCH_READS (2000),
 * BENCH_CONCURRENCY (16 reads in flight), BENCH_THRESHOLD (default: top 1% are celebrities),
 * BENCH_ROUNDS (1 round per strategy, alternating; the same authors post in every round),
 * BENCH_SEED (7). Services must be up (`npm run infra:up`). Not a test: latencies depend on the
 * machine and on what else runs on it; the work counts do not.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { FANOUT_STRATEGIES } from '#functions/timeline/timeline-settings.ts';
import { silenceKnownWarnings } from '#shared/runtime/node/known-warnings.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { createIoredisRedis } from '#shared/redis/adapters/ioredis.adapter.ts';
import { removeSeed } from '../data/seed-database.ts';
import { resetTimelineKeys, seedBenchGraph } from './fanout/bench-graph.ts';
import { runStrategyRound } from './fanout/strategy-round.ts';
import type { RoundResult } from './fanout/strategy-round.ts';
import { strategyRows, writeStrategyReport } from './fanout/strategy-report.ts';
import type { FanoutStrategiesReport } from './fanout/strategy-report.ts';

const env = process.env;
const num = (name: string, fallback: number): number => (env[name] ? Number(env[name]) : fallback);
const options = {
  users: num('BENCH_USERS', 2000),
  posts: num('BENCH_POSTS', 150),
  postsPerSecond: num('BENCH_RATE', 20),
  celebrityShare: num('BENCH_CELEBRITY_SHARE', 0.1),
  reads: num('BENCH_READS', 2000),
  readConcurrency: num('BENCH_CONCURRENCY', 16),
  rounds: num('BENCH_ROUNDS', 1),
  seed: num('BENCH_SEED', 7),
  threshold: env['BENCH_THRESHOLD'] ? Number(env['BENCH_THRESHOLD']) : undefined,
};

silenceKnownWarnings();
const config = loadConfig({ ...env, LOG_LEVEL: 'warn' });
const redis = createIoredisRedis({ url: config.redis.url });
console.log(`seeding ${options.users} users (Zipf-like followers)...`);
const bench = await seedBenchGraph({ users: options.users, seed: options.seed, jwtSecret: config.jwtSecret, threshold: options.threshold });
const stats = bench.graph.stats;
console.log(
  `graph: ${options.users} users, mean followers ${stats.mean.toFixed(1)}, max ${stats.max}; celebrity threshold ${bench.threshold} ` +
    `-> ${bench.celebrities.length} celebrities (${bench.celebrities.map((i) => bench.graph.followerCounts[i]).join(', ')} followers)`,
);

const results: RoundResult[] = [];
try {
  for (let round = 0; round < options.rounds; round += 1) {
    for (const strategy of FANOUT_STRATEGIES) {
      console.log(`round ${round + 1}/${options.rounds}: ${strategy}...`);
      // Same seed every round: the same authors post in the same order, rounds are repeats.
      results.push(await runStrategyRound({ ...options, strategy, bench, config, redis }));
    }
  }
} finally {
  await resetTimelineKeys(redis, bench.graph);
  await removeSeed(bench.graph.prefix, { databaseUrl: config.database.url });
  await redis.close();
}

console.table(strategyRows(results));

const report: FanoutStrategiesReport = {
  bench: 'fanout-strategies',
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, loadAverage: loadavg(), node: process.version },
  options: { ...options, threshold: bench.threshold },
  graph: { users: options.users, stats, celebrities: bench.celebrities.length, seedTimingsMs: bench.graph.timings },
  results,
};
const dir = 'load/reports';
await mkdir(dir, { recursive: true });
const file = join(dir, `fanout-strategies-${report.at.replaceAll(':', '-')}.json`);
await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`report: ${file}`);
// The picture report (PNG charts + self-contained HTML) goes in a folder of the same name.
console.log(`charts: ${await writeStrategyReport(report, file.replace(/\.json$/, ''))}`);
process.exit(0);
