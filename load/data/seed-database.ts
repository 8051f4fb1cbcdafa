import postgres from 'postgres';
import { copyRows } from './copy-rows.ts';
import type { CopyProgress } from './copy-rows.ts';
import { followRows, postRows, SeedError } from './seed-plan.ts';
import type { SeedPlan } from './seed-plan.ts';

/** Options of {@link writeSeed}. */
export interface WriteSeedOptions {
  readonly databaseUrl: string;
  /** Delete an earlier seed with the same prefix first (same transaction); else refuse. */
  readonly reset?: boolean;
  readonly onProgress?: (progress: CopyProgress) => void;
  readonly signal?: AbortSignal;
  /** Skip FK triggers when connected as a superuser (default true). */
  readonly skipForeignKeyChecks?: boolean;
}

/** Milliseconds per phase. */
export interface SeedTimings {
  readonly reset: number;
  readonly users: number;
  readonly follows: number;
  readonly posts: number;
  readonly commit: number;
  readonly total: number;
  /** False when FK triggers were skipped (superuser; the generator guarantees the references). */
  readonly foreignKeysChecked: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Writes a plan to Postgres in ONE transaction (a failed or interrupted seed leaves nothing):
 * users with their final follower / followee counts, follows, posts, each through COPY.
 * Seeded posts get no outbox rows: they are history, not events to fan out.
 */
export async function writeSeed(plan: SeedPlan, options: WriteSeedOptions): Promise<SeedTimings> {
  const sql = postgres(options.databaseUrl, { max: 1, onnotice: () => undefined, connect_timeout: 5 });
  const started = performance.now();
  const phases = { reset: 0, users: 0, follows: 0, posts: 0, commit: 0 };
  let mark = started;
  const lap = (phase: keyof typeof phases): void => {
    const now = performance.now();
    phases[phase] = Math.round(now - mark);
    mark = now;
  };
  let foreignKeysChecked = true;
  const copyOptions = {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  try {
    await sql.begin(async (tx) => {
      // One-shot bulk load: losing it to a crash costs a re-run, not data.
      await tx.unsafe('SET LOCAL synchronous_commit = off');
      // Before `session_replication_role = replica`: that mode also switches off the
      // ON DELETE CASCADE of posts (a trigger too), so the old seed's posts survived and, their
      // ids deriving from (seed, prefix), made `--reset` fail on posts_pkey.
      await clearPrefix(tx, plan.prefix, options.reset ?? false);
      // Foreign-key triggers cost two index probes per follow row (~2/3 of the load time at
      // 750k follows). Every id written here is a user of this same transaction, so a
      // superuser may skip them, as pg_restore --disable-triggers does; others keep them.
      const [role] = await tx.unsafe<{ super: boolean }[]>('SELECT rolsuper AS super FROM pg_roles WHERE rolname = current_user');
      if (options.skipForeignKeyChecks !== false && role?.super) {
        await tx.unsafe('SET LOCAL session_replication_role = replica');
        foreignKeysChecked = false;
      }
      if (plan.totalPosts > 0 && !(await tableExists(tx, 'posts'))) {
        throw new SeedError('missing_table', 'table posts does not exist yet: run `npm run db:migrate` or pass --posts-per-user 0');
      }
      lap('reset');
      const { graph } = plan;
      const users = plan.idOrder;
      await copyRows(
        tx,
        'users',
        ['id', 'handle', 'display_name', 'bio', 'created_at', 'follower_count', 'followee_count'],
        users,
        (i) => [
          plan.userIds[i] ?? null,
          plan.handles[i] ?? null,
          `Seed user ${i}`,
          '',
          iso(plan.userCreatedAt[i] ?? 0),
          graph.followerCounts[i] ?? 0,
          (graph.followeeOffsets[i + 1] ?? 0) - (graph.followeeOffsets[i] ?? 0),
        ],
        graph.users,
        copyOptions,
      );
      lap('users');
      await copyRows(
        tx,
        'follows',
        ['follower_id', 'followee_id', 'created_at'],
        followRows(plan),
        (row) => [plan.userIds[row.follower] ?? null, plan.userIds[row.followee] ?? null, iso(row.createdAtMs)],
        graph.edges,
        copyOptions,
      );
      lap('follows');
      if (plan.totalPosts > 0) {
        await copyRows(
          tx,
          'posts',
          ['id', 'author_id', 'text', 'created_at'],
          postRows(plan),
          (row) => [row.id, plan.userIds[row.author] ?? null, row.text, iso(row.createdAtMs)],
          plan.totalPosts,
          copyOptions,
        );
      }
      lap('posts');
    });
    lap('commit');
    return { ...phases, total: Math.round(performance.now() - started), foreignKeysChecked };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Removes the seed with this prefix (and fixes the counters of users outside it); returns the users removed. */
export async function removeSeed(prefix: string, options: { readonly databaseUrl: string }): Promise<number> {
  const sql = postgres(options.databaseUrl, { max: 1, onnotice: () => undefined, connect_timeout: 5 });
  try {
    return await sql.begin((tx) => clearPrefix(tx, prefix, true));
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function tableExists(tx: postgres.TransactionSql, table: string): Promise<boolean> {
  const [row] = await tx.unsafe<{ found: string | null }[]>('SELECT to_regclass($1)::text AS found', [table]);
  return Boolean(row?.found);
}

/**
 * Refuses (or, with `reset`, removes) an earlier seed with this prefix. Users outside the
 * seed that follow or are followed by seeded users (e.g. made by a load test) get their
 * counters corrected, so `follower_count` stays equal to the follows that remain.
 */
async function clearPrefix(tx: postgres.TransactionSql, prefix: string, reset: boolean): Promise<number> {
  // Handles are `<prefix><digits>`: a regex (prefix is [A-Za-z0-9_] only) so that prefix
  // `s1_` does not also match seed `s1_x`'s users. Case-insensitive like the handle index.
  await tx.unsafe(`CREATE TEMP TABLE seed_old ON COMMIT DROP AS SELECT id FROM users WHERE handle ~* $1`, [`^${prefix}[0-9]+$`]);
  const [{ count } = { count: '0' }] = await tx.unsafe<{ count: string }[]>('SELECT count(*)::text AS count FROM seed_old');
  if (count === '0') return 0;
  if (!reset)
    throw new SeedError('prefix_taken', `${count} users with prefix "${prefix}" exist: pass --reset to replace them, or another --prefix`);
  await tx.unsafe(`UPDATE users u SET followee_count = u.followee_count - x.n
    FROM (SELECT f.follower_id AS id, count(*) AS n FROM follows f JOIN seed_old s ON s.id = f.followee_id GROUP BY 1) x
    WHERE u.id = x.id AND u.id NOT IN (SELECT id FROM seed_old)`);
  await tx.unsafe(`UPDATE users u SET follower_count = u.follower_count - x.n
    FROM (SELECT f.followee_id AS id, count(*) AS n FROM follows f JOIN seed_old s ON s.id = f.follower_id GROUP BY 1) x
    WHERE u.id = x.id AND u.id NOT IN (SELECT id FROM seed_old)`);
  // Two deletes, not one with OR: each uses its own index.
  await tx.unsafe('DELETE FROM follows WHERE follower_id IN (SELECT id FROM seed_old)');
  await tx.unsafe('DELETE FROM follows WHERE followee_id IN (SELECT id FROM seed_old)');
  // posts rows go with their author (ON DELETE CASCADE, a trigger: not under replica mode).
  await tx.unsafe('DELETE FROM users WHERE id IN (SELECT id FROM seed_old)');
  return Number(count);
}
