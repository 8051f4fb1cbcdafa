-- migrate:up
-- Password of an account, as `pbkdf2-sha256$<iterations>$<salt>$<key>` (ADR 0025). NULL for
-- accounts created before passwords existed and for seeded load-test users: they cannot log in.
ALTER TABLE users
  ADD COLUMN password_hash text,
  ADD CONSTRAINT users_password_hash_format CHECK (password_hash IS NULL OR password_hash ~ '^[a-z0-9-]+\$[0-9]+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$');

-- migrate:down
ALTER TABLE users DROP COLUMN password_hash;
