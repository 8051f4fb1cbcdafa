import type { TimelineEntry } from './timeline-entry.ts';

/** A post as a timeline shows it (post + author handle), also the `post:<id>` cache value. */
export interface TimelinePost extends TimelineEntry {
  readonly authorId: string;
  readonly authorHandle: string;
  readonly text: string;
  readonly mediaKey: string | null;
  /** ISO 8601, millisecond precision. */
  readonly createdAt: string;
}

const CACHE_VERSION = 1;

/** Serialises a post for `post:<id>`. */
export function encodeCachedPost(post: TimelinePost): string {
  const { postId, authorId, authorHandle, text, mediaKey, createdAt, score } = post;
  return JSON.stringify({ v: CACHE_VERSION, postId, authorId, authorHandle, text, mediaKey, createdAt, score });
}

/**
 * Parses a `post:<id>` value; `undefined` for anything not written by {@link encodeCachedPost}
 * (another layout, a foreign writer, garbage): the caller treats it as a miss and refills.
 */
export function decodeCachedPost(value: string | null): TimelinePost | undefined {
  if (value === null) return undefined;
  try {
    const data = JSON.parse(value) as Record<string, unknown>;
    if (data['v'] !== CACHE_VERSION) return undefined;
    const { postId, authorId, authorHandle, text, mediaKey, createdAt, score } = data;
    if (typeof postId !== 'string' || typeof authorId !== 'string' || typeof authorHandle !== 'string') return undefined;
    if (typeof text !== 'string' || typeof createdAt !== 'string' || typeof score !== 'number') return undefined;
    if (mediaKey !== null && typeof mediaKey !== 'string') return undefined;
    return { postId, authorId, authorHandle, text, mediaKey, createdAt, score };
  } catch {
    return undefined;
  }
}
