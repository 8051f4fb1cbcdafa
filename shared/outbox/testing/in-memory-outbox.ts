import { SqlError } from '../../postgres/sql-error.ts';
import type { SqlClient, SqlExecutor, SqlParam } from '../../postgres/sql.port.ts';
import type { OutboxRow } from '../outbox-store.ts';

/** Options of {@link inMemoryOutbox}. */
export interface InMemoryOutboxOptions {
  /** Rows committed before the first claim. */
  readonly rows?: readonly OutboxRow[];
  /** Rows committed just before claim number `claims` (1-based) reads the outbox. */
  readonly onClaim?: (claims: number) => readonly OutboxRow[];
}

/**
 * An outbox in memory behind the SQL the store sends (claim, mark published, record failure):
 * rows count as published only once the transaction's work resolves, as a commit would make
 * them. Any other SQL fails the test.
 */
export function inMemoryOutbox(options: InMemoryOutboxOptions = {}) {
  const rows = [...(options.rows ?? [])];
  const published = new Set<string>();
  const failures: { ids: string[]; error: string }[] = [];
  let claims = 0;
  let failNextMark = false;
  const handle =
    (pendingMarks: string[]) =>
    async (text: string, params: readonly SqlParam[] = []) => {
      if (text.includes('FOR UPDATE SKIP LOCKED')) {
        claims += 1;
        rows.push(...(options.onClaim?.(claims) ?? []));
        const topics = String(params[1]).split(',').filter(Boolean);
        return rows.filter((r) => !published.has(r.id) && (topics.length === 0 || topics.includes(r.topic))).slice(0, Number(params[0]));
      }
      if (text.includes('SET published_at')) {
        if (failNextMark) throw new SqlError('unavailable', 'connection lost');
        pendingMarks.push(...String(params[0]).split(','));
        return [];
      }
      if (text.includes('SET attempts')) {
        failures.push({ ids: String(params[0]).split(','), error: String(params[1]) });
        return [];
      }
      throw new Error(`unexpected SQL: ${text}`);
    };
  const sql = {
    query: handle([]),
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const marks: string[] = [];
      const value = await work({ query: handle(marks) } as SqlExecutor);
      for (const id of marks) published.add(id);
      return value;
    },
    ping: async () => undefined,
  } as unknown as SqlClient;
  return { sql, published, failures, failMark: () => (failNextMark = true), claims: () => claims };
}
