import { isConstraintViolation } from '#shared/postgres/sql-error.ts';
import type { SqlClient } from '#shared/postgres/sql.port.ts';
import type { CreateUserBody, User } from './users.schemas.ts';

/** Outcome of {@link UsersRepository.create}: a taken handle is an expected result, not a crash. */
export type CreateUserResult = { readonly ok: true; readonly user: User } | { readonly ok: false; readonly reason: 'handle_taken' };

/**
 * A new account as the repository stores it: the password already hashed (ADR 0025). Without
 * a hash the account cannot log in (fixtures of repository tests).
 */
export type NewUser = Omit<CreateUserBody, 'password'> & { readonly passwordHash?: string };

/** What login checks: the user and their stored hash (`null`: an account without a password). */
export interface UserCredentials {
  readonly user: User;
  readonly passwordHash: string | null;
}

/** Users in Postgres, through the SQL port. */
export interface UsersRepository {
  create(input: NewUser, signal: AbortSignal): Promise<CreateUserResult>;
  findById(id: string, signal: AbortSignal): Promise<User | undefined>;
  /** By handle, whatever its case (the unique index is on `lower(handle)`). */
  findCredentials(handle: string, signal: AbortSignal): Promise<UserCredentials | undefined>;
  /** Replaces the stored hash (a re-hash at a higher cost after a successful login). */
  updatePasswordHash(id: string, passwordHash: string, signal: AbortSignal): Promise<void>;
}

interface UserRow extends Record<string, unknown> {
  id: string;
  handle: string;
  displayName: string;
  bio: string;
  createdAt: Date;
  followerCount: number;
  followeeCount: number;
}

const COLUMNS =
  'id, handle, display_name AS "displayName", bio, created_at AS "createdAt", follower_count AS "followerCount", followee_count AS "followeeCount"';
const INSERT = `INSERT INTO users (handle, display_name, bio, password_hash) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`;
const SELECT_BY_ID = `SELECT ${COLUMNS} FROM users WHERE id = $1`;
const SELECT_CREDENTIALS = `SELECT ${COLUMNS}, password_hash AS "passwordHash" FROM users WHERE lower(handle) = lower($1)`;
const UPDATE_PASSWORD_HASH = 'UPDATE users SET password_hash = $2 WHERE id = $1';

/** Creates the repository over an SQL client (per process on Node, per request on workerd). */
export function createUsersRepository(sql: SqlClient): UsersRepository {
  return {
    async create(input, signal) {
      try {
        const [row] = await sql.query<UserRow>(INSERT, [input.handle, input.displayName, input.bio ?? '', input.passwordHash ?? null], {
          signal,
        });
        if (!row) throw new Error('INSERT ... RETURNING returned no row');
        return { ok: true, user: toUser(row) };
      } catch (error) {
        if (isConstraintViolation(error, 'unique', 'users_handle_key')) {
          return { ok: false, reason: 'handle_taken' };
        }
        throw error;
      }
    },
    async findById(id, signal) {
      const [row] = await sql.query<UserRow>(SELECT_BY_ID, [id], { signal });
      return row ? toUser(row) : undefined;
    },
    async findCredentials(handle, signal) {
      const [row] = await sql.query<UserRow & { passwordHash: string | null }>(SELECT_CREDENTIALS, [handle], { signal });
      return row ? { user: toUser(row), passwordHash: row.passwordHash } : undefined;
    },
    async updatePasswordHash(id, passwordHash, signal) {
      await sql.query(UPDATE_PASSWORD_HASH, [id, passwordHash], { signal });
    },
  };
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    handle: row.handle,
    displayName: row.displayName,
    bio: row.bio,
    createdAt: new Date(row.createdAt).toISOString(),
    followerCount: Number(row.followerCount),
    followeeCount: Number(row.followeeCount),
  };
}
