import { SqlError } from '../../postgres/sql-error.ts';
import type { SqlClient, SqlExecutor, SqlParam, SqlRow } from '../../postgres/sql.port.ts';
import type { OutboxEntry } from '../outbox-entry.ts';
import type { OutboxRow } from '../outbox-store.ts';
import { jsonbText } from './jsonb-text.ts';

/** Options of {@link inMemoryOutbox}. */
export interface InMemoryOutboxOptions {
  /** Rows committed before the first claim. */
  readonly rows?: readonly OutboxRow[];
  /** Rows committed just before claim number `claims` (1-based) reads the outbox. */
  readonly onClaim?: (claims: number) => readonly OutboxRow[];
}

/** A row as the table holds it. */
interface TableRow {
  readonly row: OutboxRow;
  attempts: number;
  lastError: string | null;
}

/**
 * An outbox table in memory behind the SQL the store sends (claim, mark published, record
 * failure), with the table's semantics: claims oldest first, `FOR UPDATE SKIP LOCKED` (rows a
 * running transaction claimed are skipped until it ends), marks visible only once the
 * transaction's work resolves (a commit), payloads read back as jsonb prints them. Held to the
 * same contract as Postgres (`outbox-store.contract.ts`). Any other SQL fails the test.
 */
export function inMemoryOutbox(options: InMemoryOutboxOptions = {}) {
  const table: TableRow[] = [];
  const add = (rows: readonly OutboxRow[]): void => {
    for (const row of rows) table.push({ row, attempts: 0, lastError: null });
  };
  add(options.rows ?? []);
  const published = new Set<string>();
  const failures: { ids: string[]; error: string }[] = [];
  const locked = new Set<string>();
  let claims = 0;
  let failNextMark = false;

  /** Runs one statement; `tx` holds the row locks and pending marks of its transaction. */
  const run = (text: string, params: readonly SqlParam[], tx: { locks: Set<string>; marks: string[] } | undefined): SqlRow[] => {
    const ids = (): string[] => String(params[0]).split(',');
    if (text.includes('FOR UPDATE SKIP LOCKED')) {
      claims += 1;
      add(options.onClaim?.(claims) ?? []);
      const topics = String(params[1]).split(',').filter(Boolean);
      const claimed = table
        .map(({ row }) => row)
        .filter((row) => !published.has(row.id) && !(locked.has(row.id) && !tx?.locks.has(row.id)))
        .filter((row) => topics.length === 0 || topics.includes(row.topic))
        .slice(0, Number(params[0]));
      for (const row of claimed) {
        tx?.locks.add(row.id);
        locked.add(row.id);
      }
      // Outside a transaction the statement's locks end with it.
      if (!tx) for (const row of claimed) locked.delete(row.id);
      return claimed;
    }
    if (text.includes('SET published_at')) {
      if (failNextMark) throw new SqlError('unavailable', 'connection lost');
      if (tx) tx.marks.push(...ids());
      else for (const id of ids()) published.add(id);
      return [];
    }
    if (text.includes('SET attempts')) {
      failures.push({ ids: ids(), error: String(params[1]) });
      for (const entry of table) {
        if (!ids().includes(entry.row.id) || published.has(entry.row.id)) continue;
        entry.attempts += 1;
        entry.lastError = String(params[1]).slice(0, 500);
      }
      return [];
    }
    throw new Error(`unexpected SQL: ${text}`);
  };

  const sql: SqlClient = {
    async query<Row extends SqlRow = SqlRow>(text: string, params: readonly SqlParam[] = []): Promise<Row[]> {
      return run(text, params, undefined) as Row[];
    },
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const state = { locks: new Set<string>(), marks: [] as string[] };
      const executor: SqlExecutor = {
        async query<Row extends SqlRow = SqlRow>(text: string, params: readonly SqlParam[] = []): Promise<Row[]> {
          return run(text, params, state) as Row[];
        },
      };
      try {
        const value = await work(executor);
        for (const id of state.marks) published.add(id);
        return value;
      } finally {
        for (const id of state.locks) locked.delete(id);
      }
    },
    ping: async () => undefined,
  };

  return {
    sql,
    published,
    failures,
    failMark: () => (failNextMark = true),
    claims: () => claims,
    /** Inserts a row as `appendToOutbox` would (the payload stored as jsonb). */
    append(entry: OutboxEntry): void {
      add([{ id: entry.id, topic: entry.topic, key: entry.key, payload: jsonbText(entry.payload), headers: { ...entry.headers } }]);
    },
    /** The failure columns of a row, as the runbook reads them. */
    attemptsOf(id: string): { attempts: number; lastError: string | null } | undefined {
      const entry = table.find(({ row }) => row.id === id);
      return entry && { attempts: entry.attempts, lastError: entry.lastError };
    },
  };
}
