import { readPlan } from '../fanout-strategy.ts';
import type { ReadPlan } from '../fanout-strategy.ts';
import { readCachedEntries } from './cached-timeline-read.ts';
import { hydrateEntries } from './post-hydration.ts';
import { isRedisOutage } from './redis-outage.ts';
import { cutPage, exactTop, pageSize } from './timeline-page.ts';
import { postItemJson } from '../model/timeline-post.ts';
import type { HomeTimelineContext, HomeTimelineRequest, HomeTimelineResult } from './home-timeline-request.ts';

/**
 * Reads one page of a home timeline, newest first, by the configured strategy. When Redis
 * cannot answer, the page is built from Postgres (fan-out on read) and marked degraded; the
 * same cursor works on either path. Postgres failures propagate (503 / 504 upstream).
 */
export async function readHomeTimeline(request: HomeTimelineRequest, context: HomeTimelineContext): Promise<HomeTimelineResult> {
  const { settings, signal } = context;
  const take = pageSize(request.limit, request.cursor, settings.maxEntries);
  if (take === 0) return { items: [], nextCursor: null, degraded: false };
  const plan = readPlan(settings.strategy);
  if (plan === 'postgres') return { ...(await fromPostgres(request, take, context)), degraded: false };
  try {
    return { ...(await fromRedis(request, take, plan, context)), degraded: false };
  } catch (error) {
    // A fired deadline is not an outage: nothing would get a later answer in time.
    if (signal.aborted || !isRedisOutage(error)) throw error;
    context.onDegraded?.(error);
    return { ...(await fromPostgres(request, take, context)), degraded: true };
  }
}

type Page = Pick<HomeTimelineResult, 'items' | 'nextCursor'>;

/** Cached timeline (+ celebrity feeds), then ONE MGET to hydrate. */
async function fromRedis(request: HomeTimelineRequest, take: number, plan: ReadPlan, context: HomeTimelineContext): Promise<Page> {
  const { redis, repository, settings, signal } = context;
  const merged = await readCachedEntries(request, take + 1, plan === 'cached-with-celebrities', context);
  const page = cutPage(merged, take, request.cursor, settings.maxEntries);
  const items = await hydrateEntries(page.entries, { redis, repository, ttlSeconds: settings.postCacheTtlSeconds, signal });
  return { items, nextCursor: page.nextCursor };
}

/** Rows fetched beyond the page, so same-millisecond rows can be re-ordered exactly. */
const TIE_SLACK = 8;

/** Fan-out on read: one Postgres query returning hydrated rows. */
async function fromPostgres(request: HomeTimelineRequest, take: number, context: HomeTimelineContext): Promise<Page> {
  const { repository, settings, signal } = context;
  const want = take + 1;
  for (let fetch = want + TIE_SLACK; ; fetch *= 4) {
    const rows = await repository.homeTimelinePosts(request.userId, { after: request.cursor?.after, fetch }, signal);
    const { top, exact } = exactTop(rows, want, fetch);
    if (!exact) continue;
    const page = cutPage(top, take, request.cursor, settings.maxEntries);
    return { items: page.entries.map(postItemJson), nextCursor: page.nextCursor };
  }
}
