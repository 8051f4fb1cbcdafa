-- migrate:up
-- Posts of the timeline workload. Written together with their outbox row in ONE transaction
-- (transactional outbox): an acknowledged post can never lose its `post.created` event.
CREATE TABLE posts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  author_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- 1..280 characters; char_length counts code points in a UTF-8 database, as the API does.
  text text NOT NULL,
  -- Key of an uploaded image in the media bucket (media/<author id>/<uuid>.<ext>), or null.
  media_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT posts_text_length CHECK (char_length(text) BETWEEN 1 AND 280),
  CONSTRAINT posts_media_key_length CHECK (media_key IS NULL OR char_length(media_key) <= 200)
);

-- A user's recent posts: profile pages, celebrity merge at read time, fan-out on read.
CREATE INDEX posts_author_created_idx ON posts (author_id, created_at DESC);

-- Events waiting to be published to Kafka by the outbox relay. The id IS the event id.
CREATE TABLE outbox (
  id uuid PRIMARY KEY,
  topic text NOT NULL,
  -- Kafka record key (post.created: the author id, so an author's posts share a partition).
  key text,
  payload jsonb NOT NULL,
  -- Record headers besides event-id / event-type: x-request-id and traceparent of the request.
  headers jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  -- Failed publish attempts and the last error, for the runbook (Kafka down: rows wait).
  attempts integer NOT NULL DEFAULT 0,
  last_error text
);

-- The relay's claim query (oldest unpublished first) and the backlog / lag gauges read only
-- unpublished rows: a partial index keeps them cheap however many published rows remain.
CREATE INDEX outbox_unpublished_idx ON outbox (created_at, id) WHERE published_at IS NULL;

-- Retention cleanup deletes old published rows by created_at (append-mostly: BRIN is tiny).
CREATE INDEX outbox_created_brin ON outbox USING brin (created_at);

-- migrate:down
DROP TABLE outbox;
DROP TABLE posts;
