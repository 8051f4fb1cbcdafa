import { isConstraintViolation } from '#shared/postgres/sql-error.ts';
import type { SqlClient } from '#shared/postgres/sql.port.ts';
import type { CreateUserBody, User } from './users.schemas.ts';

/** Outcome of {@link UsersRepository.create}: a taken handle is an expected result, not a crash. */
export type CreateUserResult = { readonly ok: true; readonly user: User } | { readonly ok: false; readonly reason: 'handle_taken' };

/** Users in Postgres, through the SQL port. */
export interface UsersRepository {
  create(input: CreateUserBody, signal: AbortSignal): Promise<CreateUserResult>;
  findById(id: string, signal: AbortSignal): Promise<User | undefined>;
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
const INSERT = `INSERT INTO users (handle, display_name, bio) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`;
const SELECT_BY_ID = `SELECT ${COLUMNS} FROM users WHERE id = $1`;

/** Creates the repository over an SQL client (per process on Node, per request on workerd). */
export function createUsersRepository(sql: SqlClient): UsersRepository {
  return {
    async create(input, signal) {
      try {
        const [row] = await sql.query<UserRow>(INSERT, [input.handle, input.displayName, input.bio ?? ''], { signal });
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
