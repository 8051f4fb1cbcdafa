import { timelineCursors } from '../cursors/timeline-cursor.ts';
import type { TimelineCursor } from '../cursors/timeline-cursor.ts';
import { compareEntries, isAfter } from '../model/timeline-entry.ts';
import type { TimelineEntry, TimelinePosition } from '../model/timeline-entry.ts';

/*
 * Pure page arithmetic shared by every read path (Redis, Postgres, degraded): the same cursor
 * means the same position whichever path served the previous page.
 */

/** How many entries a page may hold: the limit, bounded by what remains of the cap. */
export function pageSize(limit: number, cursor: TimelineCursor | undefined, maxEntries: number): number {
  return Math.max(0, Math.min(limit, maxEntries - (cursor?.served ?? 0)));
}

/**
 * Merges newest-first feeds into one newest-first list of at most `want` distinct posts. A post
 * present in two feeds (a celebrity's post also fanned out before they crossed the threshold)
 * appears once. Each feed must already be sorted; only their first `want` entries matter.
 */
export function mergeFeeds(feeds: readonly (readonly TimelineEntry[])[], want: number): TimelineEntry[] {
  const nonEmpty = feeds.filter((feed) => feed.length > 0);
  if (nonEmpty.length === 1) return dedupe(nonEmpty[0] ?? [], want);
  const heads = nonEmpty.map(() => 0);
  const seen = new Set<string>();
  const merged: TimelineEntry[] = [];
  while (merged.length < want) {
    let best = -1;
    for (let i = 0; i < nonEmpty.length; i += 1) {
      const candidate = nonEmpty[i]?.[heads[i] ?? 0];
      if (!candidate) continue;
      const current = best >= 0 ? nonEmpty[best]?.[heads[best] ?? 0] : undefined;
      if (!current || compareEntries(candidate, current) < 0) best = i;
    }
    if (best < 0) break;
    const entry = nonEmpty[best]?.[heads[best] ?? 0] as TimelineEntry;
    heads[best] = (heads[best] ?? 0) + 1;
    if (seen.has(entry.postId)) continue;
    seen.add(entry.postId);
    merged.push(entry);
  }
  return merged;
}

function dedupe(feed: readonly TimelineEntry[], want: number): TimelineEntry[] {
  const seen = new Set<string>();
  const out: TimelineEntry[] = [];
  for (const entry of feed) {
    if (out.length >= want) break;
    if (seen.has(entry.postId)) continue;
    seen.add(entry.postId);
    out.push(entry);
  }
  return out;
}

/** Entries strictly after `position` (all of them without one), order kept. */
export function entriesAfter(entries: readonly TimelineEntry[], position: TimelinePosition | undefined): TimelineEntry[] {
  return position ? entries.filter((entry) => isAfter(entry, position)) : [...entries];
}

/** A page cut from a merged list of up to `take + 1` entries. */
export interface TimelinePage<T extends TimelineEntry = TimelineEntry> {
  readonly entries: readonly T[];
  /** Cursor for the next page; `null` at the end or once the cap is reached. */
  readonly nextCursor: string | null;
}

/**
 * Cuts a page: the first `take` entries, and a next cursor when more exist (`merged` holds one
 * look-ahead entry) and the reader has not reached the cap.
 */
export function cutPage<T extends TimelineEntry>(
  merged: readonly T[],
  take: number,
  cursor: TimelineCursor | undefined,
  maxEntries: number,
): TimelinePage<T> {
  const entries = merged.slice(0, take);
  const served = (cursor?.served ?? 0) + entries.length;
  const last = entries.at(-1);
  const more = merged.length > take && served < maxEntries;
  return {
    entries,
    nextCursor: more && last ? timelineCursors.encode({ after: { score: last.score, postId: last.postId }, served }) : null,
  };
}

/**
 * Postgres orders rows by `created_at` in microseconds; timelines order by (millisecond score,
 * post id). The two orders differ only among rows of the same millisecond, so a query fetches
 * a little more than needed (`fetched` rows, in microsecond order) and this re-sorts it. The
 * top `want` rows are exact when the query ran dry, or when the last kept row is in a strictly
 * newer millisecond than the last fetched one (every row not fetched is at most that old).
 * Otherwise the caller fetches more.
 */
export function exactTop<T extends TimelineEntry>(rows: readonly T[], want: number, fetched: number): { top: T[]; exact: boolean } {
  const sorted = [...rows].sort(compareEntries);
  const top = sorted.slice(0, want);
  if (rows.length < fetched) return { top, exact: true };
  const lastKept = top.at(-1);
  const lastFetched = rows.at(-1);
  return { top, exact: !lastKept || !lastFetched || top.length < want ? false : lastKept.score > lastFetched.score };
}
