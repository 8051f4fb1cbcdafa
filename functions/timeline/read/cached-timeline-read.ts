import { followedCelebrities } from './celebrity-followees.ts';
import { readFeed, readFeeds, readTimelineWithFeeds, rebuildFeed } from '../store/feed-store.ts';
import type { FeedRead } from '../store/feed-store.ts';
import type { HomeTimelineContext, HomeTimelineRequest } from './home-timeline-request.ts';
import type { TimelineEntry } from '../model/timeline-entry.ts';
import { authorFeedKey, timelineKey } from '../store/timeline-keys.ts';
import { entriesAfter, mergeFeeds } from './timeline-page.ts';

/**
 * The newest `want` entries after the request's position from Redis: the reader's cached
 * timeline, merged (hybrid) with the feeds of the celebrities they follow. Commands, warm:
 * - no celebrity followed, or `write`: ONE `ZREVRANGEBYSCORE`;
 * - celebrities, list in this instance's memory: ONE script call for all the ranges;
 * - list not in memory: its `GET` and the timeline range together, then the feeds' ranges.
 * A missing or half-built feed is rebuilt from Postgres on the way.
 */
export async function readCachedEntries(
  request: HomeTimelineRequest,
  want: number,
  withCelebrities: boolean,
  context: HomeTimelineContext,
): Promise<TimelineEntry[]> {
  const { redis, repository, settings, signal } = context;
  const after = request.cursor?.after;
  const ownKey = timelineKey(request.userId);
  const rebuildOwn = (read: FeedRead): Promise<readonly TimelineEntry[]> =>
    orRebuild(read, ownKey, after, context, () =>
      repository.homeTimelineEntries(
        request.userId,
        settings.maxEntries,
        withCelebrities ? settings.celebrityThreshold : undefined,
        signal,
      ),
    );
  const rebuildFeeds = (ids: readonly string[], reads: readonly FeedRead[]): Promise<(readonly TimelineEntry[])[]> =>
    Promise.all(
      reads.map((read, i) =>
        orRebuild(read, authorFeedKey(ids[i] ?? ''), after, context, () =>
          repository.authorEntries(ids[i] ?? '', settings.maxEntries, signal),
        ),
      ),
    );

  const known = withCelebrities ? context.celebrityLists?.get(request.userId) : [];
  if (known && known.length > 0) {
    const { own, feeds } = await readTimelineWithFeeds(redis, ownKey, known.map(authorFeedKey), { after, want, signal });
    const [ownEntries, feedEntries] = await Promise.all([rebuildOwn(own), rebuildFeeds(known, feeds)]);
    return mergeFeeds([ownEntries, ...feedEntries], want);
  }
  const celebrityFeeds = known
    ? []
    : followedCelebrities(request.userId, { redis, repository, settings, signal, local: context.celebrityLists }).then(async (ids) =>
        rebuildFeeds(ids, await readFeeds(redis, ids.map(authorFeedKey), { after, want, signal })),
      );
  const [own, feeds] = await Promise.all([readFeed(redis, ownKey, { after, want, signal }).then(rebuildOwn), celebrityFeeds]);
  return mergeFeeds([own, ...feeds], want);
}

/** A feed's entries after the position; a missing or half-built feed is rebuilt from Postgres. */
async function orRebuild(
  read: FeedRead,
  key: string,
  after: TimelineEntry | undefined,
  context: HomeTimelineContext,
  load: () => Promise<readonly TimelineEntry[]>,
): Promise<readonly TimelineEntry[]> {
  if (read.state !== 'missing' && read.state !== 'building') return read.entries;
  return entriesAfter(
    await rebuildFeed(context.redis, key, context.settings.maxEntries, load, context.signal, context.settings.feedTtlSeconds),
    after,
  );
}
