-- migrate:up
-- The follow graph (DDIA ch. 1: its degree distribution is THE load parameter of the timeline).
-- follower_count / followee_count are denormalised onto users and kept in the SAME transaction
-- as every follow / unfollow: fan-out reads follower_count to spot celebrities without counting.
ALTER TABLE users
  ADD COLUMN follower_count integer NOT NULL DEFAULT 0,
  ADD COLUMN followee_count integer NOT NULL DEFAULT 0,
  ADD CONSTRAINT users_follower_count_nonnegative CHECK (follower_count >= 0),
  ADD CONSTRAINT users_followee_count_nonnegative CHECK (followee_count >= 0);

CREATE TABLE follows (
  follower_id uuid NOT NULL REFERENCES users (id),
  followee_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (follower_id, followee_id),
  CONSTRAINT follows_not_self CHECK (follower_id <> followee_id)
);

-- "Who follows X, newest first" (followers page, fan-out on write): keyset pagination on
-- (created_at, follower_id) reads only the page, even for a celebrity with millions of rows.
CREATE INDEX follows_followee_idx ON follows (followee_id, created_at DESC, follower_id DESC);
-- "Whom does X follow, newest first" (followees page). The primary key serves plain lookups
-- by follower (read-time merge of celebrities' posts).
CREATE INDEX follows_follower_recent_idx ON follows (follower_id, created_at DESC, followee_id DESC);

-- migrate:down
DROP TABLE follows;
ALTER TABLE users
  DROP COLUMN follower_count,
  DROP COLUMN followee_count;
