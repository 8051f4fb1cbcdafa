/**
 * After a chaos run: every acknowledged post (the ACK lines k6 logged for each 201) exists in
 * Postgres and appears EXACTLY ONCE in the home timeline of every follower of its author, read
 * through the timeline API (so hybrid fan-out, celebrity merge and hydration are all covered);
 * and no request outlived its deadline. Fan-out is asynchronous (outbox -> Kafka -> consumer),
 * so timelines are polled until they converge or the wait is over.
 */
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { issueToken } from '#shared/auth/index.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import type { CheckResult, K6Summary } from '../report/report-model.ts';

/** Options of {@link checkChaos}. */
export interface ChaosCheckOptions {
  readonly logPath: string;
  readonly summaryPath: string;
  readonly connection: Readonly<Record<string, string>>;
  readonly deadlineMs: number;
  readonly timelineUrl?: string;
  /** How long fan-out may take to converge after the run, ms (default 90 s). */
  readonly convergeMs?: number;
  /** At most this many followers are read through the API (default 1000). */
  readonly maxFollowers?: number;
  /** Told about every acknowledged post still wrong at the end, so a caller can attribute it (gray faults). */
  readonly onPostProblem?: (postId: string, problem: PostProblem) => void;
}

/** What is wrong with one acknowledged post. */
export type PostProblem = 'missing-from-posts' | 'missing-from-timeline' | 'duplicate-in-timeline';

/** An acknowledged post, as k6 logged it. */
export interface Ack {
  readonly postId: string;
  readonly authorId: string;
  readonly sentAt: number;
  readonly ackAt: number;
}

/** Reads the ACK lines of a k6 JSON log; a missing or unreadable log throws (it proves nothing). */
export async function readAcks(logPath: string): Promise<Ack[]> {
  const text = await readFile(logPath, 'utf8');
  const acks: Ack[] = [];
  for (const line of text.split('\n')) {
    const at = line.indexOf('ACK ');
    if (at < 0) continue;
    const msg = (JSON.parse(line) as { msg: string }).msg;
    acks.push(JSON.parse(msg.slice(msg.indexOf('ACK ') + 4)) as Ack);
  }
  return acks;
}

/** Runs every chaos check. */
export async function checkChaos(options: ChaosCheckOptions): Promise<CheckResult[]> {
  const summary = JSON.parse(await readFile(options.summaryPath, 'utf8')) as K6Summary;
  const outlived = Number(summary.metrics['outlived_deadline']?.['count'] ?? 0);
  const maxMs = Number(summary.metrics['http_req_duration']?.['max'] ?? 0);
  const checks: CheckResult[] = [
    {
      name: 'no request outlived its deadline',
      passed: outlived === 0,
      detail: `${outlived} replies later than ${options.deadlineMs} ms (+250 ms slack); slowest reply ${maxMs.toFixed(0)} ms`,
    },
  ];
  let acks: Ack[];
  try {
    acks = await readAcks(options.logPath);
  } catch (error) {
    checks.push({
      name: 'acknowledged posts persisted and fanned out',
      passed: false,
      detail: `FAILED: the k6 log ${options.logPath} is missing or unreadable (${(error as Error).message})`,
    });
    return checks;
  }
  // A run that acknowledged nothing verified nothing: never a pass by default.
  if (acks.length === 0) {
    checks.push({
      name: 'acknowledged posts persisted and fanned out',
      passed: false,
      detail: 'FAILED: no post was acknowledged, so nothing was verified',
    });
    return checks;
  }
  const sql = postgres(options.connection['DATABASE_URL'] ?? '', { max: 2, onnotice: () => undefined });
  try {
    const ids = acks.map((ack) => ack.postId);
    const found = await sql<{ id: string }[]>`select id::text from posts where id = any(${ids}::uuid[])`;
    const missing = ids.length - found.length;
    const present = new Set(found.map((row) => row.id));
    for (const id of ids) if (!present.has(id)) options.onPostProblem?.(id, 'missing-from-posts');
    checks.push({
      name: 'every acknowledged post exists',
      passed: missing === 0,
      detail: `${acks.length} acknowledged, ${found.length} in posts, ${missing} missing`,
    });
    const authors = [...new Set(acks.map((ack) => ack.authorId))];
    const follows = await sql<{ follower: string; followee: string }[]>`
      select follower_id::text as follower, followee_id::text as followee from follows where followee_id = any(${authors}::uuid[])`;
    checks.push(await checkTimelines(options, acks, follows));
  } finally {
    await sql.end({ timeout: 2 });
  }
  return checks;
}

async function checkTimelines(
  options: ChaosCheckOptions,
  acks: readonly Ack[],
  follows: readonly { follower: string; followee: string }[],
): Promise<CheckResult> {
  const config = loadConfig({ ...options.connection, ...process.env });
  const baseUrl = options.timelineUrl ?? 'http://127.0.0.1:8083';
  const postsBy = new Map<string, Set<string>>();
  for (const ack of acks) postsBy.set(ack.authorId, (postsBy.get(ack.authorId) ?? new Set()).add(ack.postId));
  const expected = new Map<string, Set<string>>();
  for (const { follower, followee } of follows) {
    for (const post of postsBy.get(followee) ?? []) expected.set(follower, (expected.get(follower) ?? new Set()).add(post));
  }
  const followers = [...expected.keys()].sort().slice(0, options.maxFollowers ?? 1000);
  const pairs = followers.reduce((sum, follower) => sum + (expected.get(follower)?.size ?? 0), 0);
  const deadline = Date.now() + (options.convergeMs ?? 90_000);
  let problems: string[];
  let wrongPosts: { post: string; seen: number }[];
  let pending = followers;
  for (;;) {
    problems = [];
    wrongPosts = [];
    const stillWrong: string[] = [];
    for (const follower of pending) {
      const counts = await readTimeline(baseUrl, follower, await issueToken(follower, { secret: config.jwtSecret }));
      for (const post of expected.get(follower) ?? []) {
        const seen = counts.posts.get(post) ?? 0;
        if (seen === 1 || (seen === 0 && counts.full)) continue;
        stillWrong.push(follower);
        wrongPosts.push({ post, seen });
        problems.push(`${post} ${seen === 0 ? 'missing from' : `${seen}x in`} timeline of ${follower}`);
      }
    }
    pending = [...new Set(stillWrong)];
    if (pending.length === 0 || Date.now() > deadline) break;
    await sleep(2000);
  }
  for (const { post, seen } of wrongPosts) options.onPostProblem?.(post, seen === 0 ? 'missing-from-timeline' : 'duplicate-in-timeline');
  const sampled = followers.length < expected.size ? ` (${followers.length} of ${expected.size} followers read)` : '';
  return {
    name: 'every acknowledged post in every follower timeline exactly once',
    passed: problems.length === 0,
    detail: `${pairs} (follower, post) pairs over ${followers.length} followers${sampled}; ${problems.length} wrong${problems.length > 0 ? `: ${problems.slice(0, 5).join('; ')}` : ''}`,
  };
}

/** Reads a whole home timeline through the API: occurrences per post id, and whether it hit the cap. */
async function readTimeline(baseUrl: string, userId: string, token: string): Promise<{ posts: Map<string, number>; full: boolean }> {
  const posts = new Map<string, number>();
  let cursor: string | null = null;
  let total = 0;
  do {
    const url: string = `${baseUrl}/timelines/${userId}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`GET ${url} -> ${response.status}: ${(await response.text()).slice(0, 200)}`);
    const page = (await response.json()) as { items: { id: string }[]; nextCursor: string | null };
    for (const item of page.items) posts.set(item.id, (posts.get(item.id) ?? 0) + 1);
    total += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  // A timeline at its cap (800) may have dropped the oldest posts legitimately.
  return { posts, full: total >= 800 };
}
