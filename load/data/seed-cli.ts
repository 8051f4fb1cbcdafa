import { parseArgs } from 'node:util';
import { loadConfig } from '#shared/config/app-config.ts';
import type { CopyProgress } from './copy-rows.ts';
import { degreeStats, formatDegreeStats } from './graph-stats.ts';
import { removeSeed, writeSeed } from './seed-database.ts';
import { planSeed, SeedError } from './seed-plan.ts';
import { writeUsersFile } from './users-file.ts';

const USAGE = `npm run seed -- --users N [options]

  --users N             number of users (required, >= 2)
  --seed S              PRNG seed (default 1): same seed, same graph
  --mean-followees M    mean follows per user = mean followers (default 75, capped on small graphs)
  --zipf S              popularity exponent (default 1; 0 = no celebrities)
  --posts-per-user P    mean posts per user (default 5; 0 = none)
  --days D              history window in days (default 7)
  --end-at ISO          end of the history (default now; fix it for identical timestamps)
  --prefix P            handle prefix (default s<seed>_); handles are <prefix><index>
  --reset               replace an earlier seed with the same prefix (same transaction)
  --remove --prefix P   only delete the seed with prefix P (follows, posts, users)
  --users-file PATH     write { id, handle, token, followers }[] for the k6 scenarios (USERS_FILE)
  --database-url URL    default DATABASE_URL or the local Postgres`;

const { values } = parseArgs({
  options: {
    users: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'mean-followees': { type: 'string' },
    zipf: { type: 'string' },
    'posts-per-user': { type: 'string', default: '5' },
    days: { type: 'string', default: '7' },
    'end-at': { type: 'string' },
    prefix: { type: 'string' },
    reset: { type: 'boolean', default: false },
    remove: { type: 'boolean', default: false },
    'users-file': { type: 'string' },
    'database-url': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

const number = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new SeedError('invalid_options', `--${name} must be a number, got "${text}"`);
  return value;
};

/** Throttled progress on stderr: one line per ~second per table. */
function progressPrinter(started: number): (progress: CopyProgress) => void {
  let last = 0;
  return ({ table, rows, total }) => {
    const now = performance.now();
    if (rows < total && now - last < 1000) return;
    last = now;
    const pct = total ? ((rows / total) * 100).toFixed(0) : '100';
    process.stderr.write(
      `[seed] ${table.padEnd(7)} ${rows.toLocaleString('en')}/${total.toLocaleString('en')} (${pct}%) ${((now - started) / 1000).toFixed(1)}s\n`,
    );
  };
}

async function main(): Promise<number> {
  if (values.remove) {
    if (!values.prefix) throw new SeedError('invalid_options', '--remove needs --prefix');
    const started = performance.now();
    const removed = await removeSeed(values.prefix, { databaseUrl: values['database-url'] ?? loadConfig(process.env).database.url });
    console.log(JSON.stringify({ removed, prefix: values.prefix, ms: Math.round(performance.now() - started) }));
    return 0;
  }
  if (values.help || values.users === undefined) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const users = number('users', values.users) ?? 0;
  const seed = number('seed', values.seed) ?? 1;
  const endAt = values['end-at'] ? new Date(values['end-at']) : new Date();
  if (Number.isNaN(endAt.getTime())) throw new SeedError('invalid_options', `--end-at is not a date: ${values['end-at']}`);
  const meanFollowees = number('mean-followees', values['mean-followees']);
  const zipfExponent = number('zipf', values.zipf);
  const started = performance.now();
  const plan = planSeed({
    users,
    seed,
    prefix: values.prefix ?? `s${seed}_`,
    postsPerUser: number('posts-per-user', values['posts-per-user']) ?? 5,
    windowDays: number('days', values.days) ?? 7,
    endAt,
    ...(meanFollowees === undefined ? {} : { meanFollowees }),
    ...(zipfExponent === undefined ? {} : { zipfExponent }),
  });
  const planned = performance.now();
  process.stderr.write(
    `[seed] planned ${users} users, ${plan.graph.edges} follows, ${plan.totalPosts} posts in ${((planned - started) / 1000).toFixed(1)}s\n`,
  );
  process.stderr.write(`[seed] ${formatDegreeStats(degreeStats(plan.graph.followerCounts))}\n`);

  const config = loadConfig(process.env);
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort(new Error('interrupted: the transaction is rolled back')));
  const timings = await writeSeed(plan, {
    databaseUrl: values['database-url'] ?? config.database.url,
    reset: values.reset,
    onProgress: progressPrinter(started),
    signal: abort.signal,
  });
  const rows = users + plan.graph.edges + plan.totalPosts;
  const seconds = timings.total / 1000;
  console.log(
    JSON.stringify({
      users,
      follows: plan.graph.edges,
      posts: plan.totalPosts,
      prefix: plan.prefix,
      seed,
      planMs: Math.round(planned - started),
      timingsMs: timings,
      rowsPerSecond: Math.round(rows / seconds),
    }),
  );
  if (values['users-file']) {
    const written = await writeUsersFile(plan, values['users-file'], { secret: config.jwtSecret });
    process.stderr.write(`[seed] wrote ${written} users with tokens to ${values['users-file']}\n`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[seed] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof SeedError ? 2 : 1);
  },
);
