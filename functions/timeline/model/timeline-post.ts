import type { TimelineEntry } from './timeline-entry.ts';

/** A post as a timeline shows it (post + author handle). */
export interface TimelinePost extends TimelineEntry {
  readonly authorId: string;
  readonly authorHandle: string;
  readonly text: string;
  readonly mediaKey: string | null;
  /** ISO 8601, millisecond precision. */
  readonly createdAt: string;
}

/**
 * A post serialised exactly as the API shows it (`TimelineItem`: id, text, mediaKey, createdAt,
 * author), id first. It is also the `post:<id>` cache value, so a cache-hit read splices the
 * cached strings into the response instead of parsing 20 posts and serialising them again
 * (parse + stringify were ~11% of a read's CPU in `npm run bench:timeline-cpu`).
 */
export type PostItemJson = string & { readonly __postItemJson: true };

/** Serialises a post as its API item (the `post:<id>` cache value). */
export function postItemJson(post: TimelinePost): PostItemJson {
  const { postId, authorId, authorHandle, text, mediaKey, createdAt } = post;
  return JSON.stringify({ id: postId, text, mediaKey, createdAt, author: { id: authorId, handle: authorHandle } }) as PostItemJson;
}

/**
 * A `post:<id>` value if it is the item of `postId` in this layout, else `undefined` (another
 * layout, a foreign writer, garbage: the caller treats it as a miss and refills). A prefix
 * check, not a parse: the value is only ever written by {@link postItemJson}.
 */
export function cachedPostItem(value: string | null, postId: string): PostItemJson | undefined {
  if (value === null || !value.startsWith(`{"id":"${postId}","text":`) || !value.endsWith('}}')) return undefined;
  return value as PostItemJson;
}

/** The fields of a serialised item (tests and tools; the read path never parses them). */
export function parsePostItem(json: PostItemJson): {
  id: string;
  text: string;
  mediaKey: string | null;
  createdAt: string;
  author: { id: string; handle: string };
} {
  return JSON.parse(json) as ReturnType<typeof parsePostItem>;
}

/** The JSON body of a timeline page: `{"items":[...],"nextCursor":...}`, items spliced as they are. */
export function timelinePageJson(items: readonly PostItemJson[], nextCursor: string | null): string {
  return `{"items":[${items.join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`;
}
