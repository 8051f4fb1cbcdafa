import { z } from 'zod';

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

/** The post as the event carries it (ISO timestamps, `mediaKey` null when absent). */
export const PostCreatedPayloadSchema = z.object({
  id: z.uuid(),
  authorId: z.uuid(),
  text: z.string(),
  mediaKey: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
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
