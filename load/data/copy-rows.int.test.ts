import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { copyRows } from './copy-rows.ts';
import { SeedError } from './seed-plan.ts';

// copyRows against the real Postgres: a COPY the server rejects must reject promptly, whether the
// error arrives after the last chunk (CopyDone already sent) or while rows are still streaming,
// and leave the connection usable (ROLLBACK sent, not `idle in transaction (aborted)`).

let sql: postgres.Sql;

beforeAll(() => {
  sql = postgres(inject('infra').DATABASE_URL, { max: 1, onnotice: () => undefined });
});
afterAll(async () => {
  await sql?.end({ timeout: 1 });
});

/** Rejects when `promise` has not settled within `ms` (the bug was a promise that never settles). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** COPYs `ids` into a fresh temp table with a primary key and a CHECK (id > 0), in a transaction. */
function copyIds(ids: Iterable<number>, total: number): Promise<number> {
  return sql.begin(async (tx) => {
    await tx.unsafe('CREATE TEMP TABLE copy_probe (id int PRIMARY KEY CHECK (id > 0)) ON COMMIT DROP');
    return copyRows(tx, 'copy_probe', ['id'], ids, (id) => [id], total);
  });
}

async function sessionState(): Promise<string> {
  const [row] = await sql<{ state: string }[]>`SELECT state FROM pg_stat_activity WHERE pid = pg_backend_pid()`;
  return row?.state ?? 'missing';
}

describe('copyRows against Postgres', () => {
  it('copies rows and commits', async () => {
    expect(await within(copyIds([1, 2, 3], 3), 5_000)).toBe(3);
  });

  it('rejects promptly with a SeedError naming the table when the server rejects a small COPY after CopyDone', async () => {
    const started = performance.now();
    const error = await within(copyIds([1, 2, 1], 3), 5_000).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(SeedError);
    expect(error).toMatchObject({ code: 'copy_failed', cause: { code: '23505' } });
    expect((error as Error).message).toMatch(
      /COPY into copy_probe failed: duplicate key value violates unique constraint "copy_probe_pkey"/,
    );
    expect(performance.now() - started).toBeLessThan(5_000);
    // The transaction was rolled back and the connection serves the next query.
    expect(await sessionState()).toBe('active');
    const [{ one } = { one: 0 }] = await sql<{ one: number }[]>`SELECT 1 AS one`;
    expect(one).toBe(1);
  });

  it('rejects promptly when the server fails the COPY while rows are still streaming', async () => {
    // ~2 MB of rows; row 3 violates the CHECK, long before the last chunk is written.
    function* rows(): Generator<number> {
      yield 1;
      yield 2;
      yield -3;
      for (let id = 4; id <= 300_000; id += 1) yield id;
    }
    const error = await within(copyIds(rows(), 300_000), 10_000).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toMatchObject({ code: 'copy_failed', cause: { code: '23514' } });
    expect((error as Error).message).toMatch(/COPY into copy_probe failed: .*check constraint "copy_probe_id_check"/);
    expect(await sessionState()).toBe('active');
  });
});
