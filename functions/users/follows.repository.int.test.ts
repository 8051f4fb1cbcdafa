import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createNodeSqlPool } from '#shared/postgres/adapters/node-pool.ts';
import type { SqlClient, SqlDatabase } from '#shared/postgres/sql.port.ts';
import { createFollowsRepository } from './follows.repository.ts';
import { createUsersRepository } from './users.repository.ts';

// "Nothing half-written": a follow whose transaction fails after the edge was inserted must
// leave neither the edge nor a counter change behind. Real Postgres; the failure is injected
// by a client that breaks the counter UPDATE (as a crash or deadline between statements would).

let db: SqlDatabase;
const signal = new AbortController().signal;

beforeAll(() => {
  db = createNodeSqlPool({ url: inject('infra').DATABASE_URL, poolSize: 2 });
});
afterAll(async () => {
  await db?.close();
});

async function newUser(): Promise<string> {
  const handle = `r_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const result = await createUsersRepository(db).create({ handle, displayName: 'Rollback' }, signal);
  if (!result.ok) throw new Error('handle taken');
  return result.user.id;
}

async function state(follower: string, followee: string) {
  const [edge] = await db.query('SELECT 1 FROM follows WHERE follower_id = $1 AND followee_id = $2', [follower, followee]);
  const rows = await db.query<{ id: string; followers: number; followees: number }>(
    'SELECT id, follower_count AS followers, followee_count AS followees FROM users WHERE id = ANY($1::uuid[]) ORDER BY id',
    [[follower, followee]],
  );
  return { edge: edge !== undefined, counts: rows.map((row) => [row.followers, row.followees]) };
}

/** A client whose transactions run for real but fail at the first statement matching `breakOn`. */
function failingClient(breakOn: RegExp, makeError: () => Error): SqlClient {
  return {
    ...db,
    query: db.query.bind(db),
    ping: db.ping.bind(db),
    transaction: (work, options) =>
      db.transaction(
        (tx) =>
          work({
            query: (text, params, callOptions) => (breakOn.test(text) ? Promise.reject(makeError()) : tx.query(text, params, callOptions)),
          }),
        options,
      ),
  };
}

describe('follows repository against Postgres', () => {
  it('rolls the edge back when the counter update fails', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const broken = createFollowsRepository(failingClient(/^UPDATE users/, () => new Error('injected crash')));
    await expect(broken.follow(a, b, signal)).rejects.toThrow('injected crash');
    expect(await state(a, b)).toEqual({
      edge: false,
      counts: [
        [0, 0],
        [0, 0],
      ],
    });

    const repo = createFollowsRepository(db);
    expect(await repo.follow(a, b, signal)).toMatchObject({ ok: true, created: true });
    await expect(broken.unfollow(a, b, signal)).rejects.toThrow('injected crash');
    const afterFailedUnfollow = await state(a, b);
    expect(afterFailedUnfollow.edge).toBe(true);
    expect(afterFailedUnfollow.counts.flat().sort()).toEqual([0, 0, 1, 1]);
  });

  it('rolls back when the deadline fires between the insert and the counters', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const deadline = new AbortController();
    const client = failingClient(/^UPDATE users/, () => {
      deadline.abort(new DOMException('deadline', 'TimeoutError'));
      return deadline.signal.reason as Error;
    });
    await expect(createFollowsRepository(client).follow(a, b, deadline.signal)).rejects.toBeDefined();
    expect(await state(a, b)).toEqual({
      edge: false,
      counts: [
        [0, 0],
        [0, 0],
      ],
    });
  });

  it('keeps counters equal to the edges under a burst of concurrent follows and unfollows', async () => {
    const star = await newUser();
    const fans = await Promise.all(Array.from({ length: 6 }, () => newUser()));
    const repo = createFollowsRepository(db);
    await Promise.all(
      fans.flatMap((fan, i) => [
        repo.follow(fan, star, signal),
        repo.follow(fan, star, signal),
        ...(i % 2 ? [repo.unfollow(fan, star, signal)] : []),
      ]),
    );
    const [row] = await db.query<{ stored: number; actual: string }>(
      'SELECT follower_count AS stored, (SELECT count(*) FROM follows WHERE followee_id = $1)::text AS actual FROM users WHERE id = $1',
      [star],
    );
    expect(String(row?.stored)).toBe(row?.actual);
  });
});
