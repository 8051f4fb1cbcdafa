-- migrate:up
-- Bytes of media each user has stored, for the per-user quota of POST /media. Reserved in the
-- same statement that checks the quota (no read-then-write race between instances), released
-- when the upload fails. Durable on purpose: Redis is an evicting cache (allkeys-lru), and an
-- evicted counter would hand its user a fresh quota.
CREATE TABLE media_usage (
  user_id uuid PRIMARY KEY,
  bytes bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT media_usage_bytes_nonnegative CHECK (bytes >= 0)
);

-- migrate:down
DROP TABLE media_usage;
