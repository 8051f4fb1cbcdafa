import { EVENT_TYPE_HEADER, POST_CREATED_TOPIC } from '#shared/events/post-created.ts';
import type { PostCreatedEvent } from '#shared/events/post-created.ts';
import { REQUEST_ID_HEADER, TRACEPARENT_HEADER } from '#shared/observability/propagation.ts';
import { appendToOutbox } from '#shared/outbox/outbox-entry.ts';
import { isConstraintViolation } from '#shared/postgres/sql-error.ts';
import type { SqlClient } from '#shared/postgres/sql.port.ts';
import type { Post } from './posts.schemas.ts';

/** What a new post needs. */
export interface NewPost {
  readonly authorId: string;
  readonly text: string;
  readonly mediaKey: string | null;
}

/** The request that created the post, carried into the event's headers. */
export interface PostOrigin {
  readonly requestId: string;
  /** `traceparent` naming this request's span as the parent of the relay's publish. */
  readonly traceparent: string;
}

/** Outcome of {@link PostsRepository.create}: an unknown author is an answer, not a crash. */
export type CreatePostResult = { readonly ok: true; readonly post: Post } | { readonly ok: false; readonly reason: 'author_not_found' };

/** Posts in Postgres, through the SQL port. */
export interface PostsRepository {
  /** Inserts the post AND its `post.created` outbox row in one transaction. */
  create(post: NewPost, origin: PostOrigin, signal: AbortSignal): Promise<CreatePostResult>;
  findById(id: string, signal: AbortSignal): Promise<Post | undefined>;
}

interface PostRow extends Record<string, unknown> {
  id: string;
  authorId: string;
  text: string;
  mediaKey: string | null;
  createdAt: Date;
}

const COLUMNS = 'id, author_id AS "authorId", text, media_key AS "mediaKey", created_at AS "createdAt"';
const INSERT = `INSERT INTO posts (author_id, text, media_key) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`;
const SELECT_BY_ID = `SELECT ${COLUMNS} FROM posts WHERE id = $1`;

/** Creates the repository over an SQL client (per process on Node, per request on workerd). */
export function createPostsRepository(sql: SqlClient): PostsRepository {
  return {
    async create(input, origin, signal) {
      try {
        const post = await sql.transaction(
          async (tx) => {
            const [row] = await tx.query<PostRow>(INSERT, [input.authorId, input.text, input.mediaKey], { signal });
            if (!row) throw new Error('INSERT ... RETURNING returned no row');
            const created = toPost(row);
            const event = postCreatedEvent(created);
            await appendToOutbox(
              tx,
              {
                id: event.eventId,
                topic: POST_CREATED_TOPIC,
                key: created.authorId,
                payload: event,
                headers: {
                  [EVENT_TYPE_HEADER]: POST_CREATED_TOPIC,
                  [REQUEST_ID_HEADER]: origin.requestId,
                  [TRACEPARENT_HEADER]: origin.traceparent,
                },
              },
              signal,
            );
            return created;
          },
          { signal },
        );
        return { ok: true, post };
      } catch (error) {
        if (isConstraintViolation(error, 'foreign_key', 'posts_author_id_fkey')) {
          return { ok: false, reason: 'author_not_found' };
        }
        throw error;
      }
    },
    async findById(id, signal) {
      const [row] = await sql.query<PostRow>(SELECT_BY_ID, [id], { signal });
      return row ? toPost(row) : undefined;
    },
  };
}

/** The `post.created` event of a post (its id is also the outbox row id). */
export function postCreatedEvent(post: Post, eventId: string = crypto.randomUUID()): PostCreatedEvent {
  return {
    eventId,
    type: POST_CREATED_TOPIC,
    occurredAt: post.createdAt,
    post: { id: post.id, authorId: post.authorId, text: post.text, mediaKey: post.mediaKey, createdAt: post.createdAt },
  };
}

function toPost(row: PostRow): Post {
  return {
    id: row.id,
    authorId: row.authorId,
    text: row.text,
    mediaKey: row.mediaKey,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}
