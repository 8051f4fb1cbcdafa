/**
 * `npm run bench:fanout-latency`: post-to-timeline latency end to end under k6 load. k6 posts
 * at BENCH_RATE (200) posts/s as Zipf-drawn authors of a seeded graph (~75 followers on
 * average) against the production-like Node host (posts with its outbox relay, timeline with
 * its Kafka fan-out consumer, users); a watcher samples posts and polls followers' timelines
 * until each post is there. Target: p99 <= 1 s at 200 posts/s.
 *
 * Env: BENCH_RATE (200), BENCH_SECONDS (30), BENCH_USERS (2000), BENCH_INSTANCES (2).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { runK6 } from '../runner/k6-process.ts';
import { seedUsers } from '../runner/seed.ts';
import { prepareInfrastructure, startSystemUnderTest } from '../runner/system-under-test.ts';
import { median } from './bench-k6.ts';
import { startFanoutWatcher } from './fanout-watcher.ts';
import { warmReaders } from './timeline-readers.ts';

const env = process.env;
const rate = Number(env['BENCH_RATE'] ?? 200);
const seconds = Number(env['BENCH_SECONDS'] ?? 30);
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function followersOf(databaseUrl: string, prefix: string): Promise<Map<string, string[]>> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  try {
    const rows = await sql<{ followee: string; follower: string }[]>`
      select f.followee_id::text as followee, f.follower_id::text as follower
      from follows f join users u on u.id = f.followee_id where u.handle like ${`${prefix}%`}`;
    const map = new Map<string, string[]>();
    for (const row of rows) map.set(row.followee, [...(map.get(row.followee) ?? []), row.follower]);
    return map;
  } finally {
    await sql.end({ timeout: 2 });
  }
}

async function main(): Promise<void> {
  const connection = await prepareInfrastructure();
  const work = await mkdtemp(join(tmpdir(), 'atlas-fanout-bench-'));
  const seed = await seedUsers({ users: Number(env['BENCH_USERS'] ?? 2000), outDir: work, connection });
  if (!seed.usersFile || !seed.prefix) throw new Error(`the fan-out bench needs the seeded follow graph: ${seed.note}`);
  const sut = await startSystemUnderTest(
    { functions: ['users', 'posts', 'timeline'], instances: Number(env['BENCH_INSTANCES'] ?? 2), poolBudget: 60 },
    connection,
  );
  try {
    const followers = await followersOf(connection['DATABASE_URL'] ?? '', seed.prefix);
    const mean = [...followers.values()].reduce((sum, list) => sum + list.length, 0) / Math.max(1, followers.size);
    // Fan-out writes only into feeds that exist (materialised on first read): read every timeline once.
    await warmReaders('http://127.0.0.1:8083', seed.usersFile, join(work, 'readers.json'), Number.MAX_SAFE_INTEGER);
    const watcher = startFanoutWatcher({ logPath: join(work, 'fanout.k6.log'), redisUrl: connection['REDIS_URL'] ?? '', followers });
    const k6 = await runK6({
      script: here('../scenarios/steady.js'),
      outDir: work,
      name: 'fanout',
      echo: false,
      env: {
        USERS_FILE: seed.usersFile,
        MIX: 'post=1',
        MIX_ENABLE: 'post',
        LOG_ACKS: 1,
        RATE: rate,
        DURATION: `${seconds}s`,
        WARMUP_SECONDS: 5,
        RUN_ID: 'fanout',
        POSTS_URL: 'http://127.0.0.1:8082',
      },
    });
    const seen = await watcher.stop();
    const sorted = [...seen.latenciesMs].sort((a, b) => a - b);
    const figures = {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? Number.NaN,
      median: median(sorted),
    };
    console.log(
      `\nFan-out post -> follower timeline (${rate} posts/s for ${seconds + 5}s, ${followers.size} authors with followers, ${mean.toFixed(1)} followers on average; load avg ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
    );
    console.log(
      `acknowledged posts ${seen.acks}, watched ${seen.postsWatched} posts / ${sorted.length + seen.timedOut} (post, follower) pairs, not visible within 15 s: ${seen.timedOut}`,
    );
    console.log(
      `latency ack -> visible: p50 ${figures.p50} ms, p95 ${figures.p95} ms, p99 ${figures.p99} ms, max ${figures.max} ms (resolution ~20 ms)`,
    );
    console.log(
      `target p99 <= 1000 ms: ${figures.p99 <= 1000 && seen.timedOut === 0 ? 'MET' : 'MISSED'}; k6 thresholds ${k6.thresholdsPassed ? 'passed' : 'crossed'}`,
    );
    const reportsDir = here('../reports/');
    await mkdir(reportsDir, { recursive: true });
    const file = join(reportsDir, `fanout-latency-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    await writeFile(
      file,
      JSON.stringify({ rate, seconds, meanFollowers: mean, loadavg: loadavg(), ...seen, latenciesMs: undefined, figures }, null, 2),
    );
    console.log(`report: ${file}`);
  } finally {
    await sut.stop();
    await seed.remove().catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
}

await main();
