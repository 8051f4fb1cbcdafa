/**
 * One entry of a home timeline: a post id and its score (the post's `created_at` in epoch
 * milliseconds). Timelines are ordered newest first: score descending, then post id
 * descending, which is exactly the order Redis' `ZREVRANGEBYSCORE` gives members of equal
 * score and Postgres' `ORDER BY created_at DESC, id DESC` gives rows of the same millisecond.
 */
export interface TimelineEntry {
  readonly postId: string;
  readonly score: number;
}

/** A position in a timeline: the last entry a reader has seen. */
export type TimelinePosition = TimelineEntry;

/** Negative when `a` comes first (newer), positive when `b` does, 0 for the same entry. */
export function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.postId < b.postId ? 1 : a.postId > b.postId ? -1 : 0;
}

/** True when `entry` comes strictly after `position` in newest-first order. */
export function isAfter(entry: TimelineEntry, position: TimelinePosition): boolean {
  return compareEntries(entry, position) > 0;
}
