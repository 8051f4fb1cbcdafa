import { z } from 'zod';
import { NUL_FREE_PATTERN } from '../app/text-constraints.ts';
import { MEDIA_KEY_PATTERN, mediaKeyOwner } from '../media/media-key.ts';

/**
 * The `post.created` event: the contract between its producer (the posts function's outbox
 * relay) and its consumers (the timeline fan-out). Keyed by author id, so one author's posts
 * land on one partition; the event id doubles as the outbox row id.
 */

/** Kafka topic of {@link PostCreatedEvent} (3 partitions, created by local-infra). */
export const POST_CREATED_TOPIC = 'post.created';

/** Record header carrying the event id (consumers dedupe on it). */
export const EVENT_ID_HEADER = 'event-id';
/** Record header carrying the event type (`post.created`). */
export const EVENT_TYPE_HEADER = 'event-type';

/**
 * Longest post text an event may carry, in code points: the posts function's limit (280, see
 * functions/posts/post-text.ts). Checked again here because consumers write the text into
 * every follower's timeline cache: a record forged onto the topic (or pushed with a leaked push
 * token) must not carry more than a real post could.
 */
export const POST_CREATED_MAX_TEXT_CODE_POINTS = 280;

/**
 * The post as the event carries it (ISO timestamps, `mediaKey` null when absent), held to what
 * the posts function accepts: text of 1..280 code points without NUL, and a media key that is
 * well formed and belongs to the author (ownership: a post may show only its author's uploads).
 */
export const PostCreatedPayloadSchema = z
  .object({
    id: z.uuid(),
    authorId: z.uuid(),
    text: z
      .string()
      .min(1)
      .regex(NUL_FREE_PATTERN)
      .refine((text) => [...text].length <= POST_CREATED_MAX_TEXT_CODE_POINTS, `at most ${POST_CREATED_MAX_TEXT_CODE_POINTS} code points`),
    mediaKey: z.string().regex(MEDIA_KEY_PATTERN).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .refine((post) => post.mediaKey === null || mediaKeyOwner(post.mediaKey) === post.authorId.toLowerCase(), {
    message: "mediaKey must be one of the author's own uploads",
    path: ['mediaKey'],
  });

/** Value of a `post.created` record (JSON). */
export const PostCreatedEventSchema = z.object({
  eventId: z.uuid(),
  type: z.literal(POST_CREATED_TOPIC),
  occurredAt: z.iso.datetime({ offset: true }),
  post: PostCreatedPayloadSchema,
});

export type PostCreatedEvent = z.infer<typeof PostCreatedEventSchema>;

/**
 * Reads a record value as a `post.created` event; `undefined` for anything else, so a consumer
 * can log and skip a malformed record instead of stalling its partition.
 */
export function parsePostCreatedEvent(value: unknown): PostCreatedEvent | undefined {
  const parsed = PostCreatedEventSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
