import { inject } from 'vitest';
import { createNodeSqlPool } from '#shared/postgres/adapters/node-pool.ts';
import { defineTimelineRepositoryContract } from '../testing/timeline-repository.contract.ts';
import { createTimelineRepository } from './timeline.repository.ts';

// The Postgres repository: the contract the in-memory repository passes too
// (`testing/in-memory-repository.test.ts`). Users get fresh handles and are removed after.
defineTimelineRepositoryContract('postgres', async () => {
  const sql = createNodeSqlPool({ url: inject('infra').DATABASE_URL, poolSize: 2 });
  const users: string[] = [];
  return {
    repository: createTimelineRepository(sql),
    addUser: async (followerCount) => {
      const handle = `trc_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
      const [row] = await sql.query<{ id: string }>(
        'INSERT INTO users (handle, display_name, follower_count) VALUES ($1, $1, $2) RETURNING id',
        [handle, followerCount],
      );
      users.push(row?.id ?? '');
      return { id: row?.id ?? '', handle };
    },
    follow: async (followerId, followeeId, at) => {
      await sql.query('INSERT INTO follows (follower_id, followee_id, created_at) VALUES ($1, $2, $3)', [followerId, followeeId, at]);
    },
    addPost: async (authorId, at, n) => {
      const [row] = await sql.query<{ id: string }>('INSERT INTO posts (author_id, text, created_at) VALUES ($1, $2, $3) RETURNING id', [
        authorId,
        `post ${n}`,
        at,
      ]);
      return row?.id ?? '';
    },
    close: async () => {
      const ids = users.join(',');
      await sql.query(
        `DELETE FROM follows WHERE follower_id = ANY(string_to_array($1, ',')::uuid[]) OR followee_id = ANY(string_to_array($1, ',')::uuid[])`,
        [ids],
      );
      await sql.query(`DELETE FROM users WHERE id = ANY(string_to_array($1, ',')::uuid[])`, [ids]);
      await sql.close();
    },
  };
});
