import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { SeedError } from './seed-plan.ts';

/** Progress of one table's bulk load. */
export interface CopyProgress {
  readonly table: string;
  readonly rows: number;
  readonly total: number;
}

/** Options of {@link copyRows}. */
export interface CopyRowsOptions {
  /** Called every `progressEvery` rows and once at the end. */
  readonly onProgress?: (progress: CopyProgress) => void;
  readonly progressEvery?: number;
  readonly signal?: AbortSignal;
}

type CopyValue = string | number | null;

/** One COPY text-format field: `\N` for null; backslash, tab, newline and CR escaped. */
export function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  return String(value).replace(/[\\\t\n\r]/g, (char) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[char] ?? char);
}

/**
 * Streams rows into `table` with `COPY ... FROM STDIN` (text format) on the given connection or
 * transaction: about 10x a multi-row INSERT, and backpressure keeps memory flat however many
 * rows the generator yields. Lines are batched into ~64 KiB chunks.
 * A COPY the server rejects (constraint, bad value) rejects with `SeedError` `copy_failed`
 * naming the table and the Postgres error, as soon as the server answers; the caller's
 * transaction is then rolled back by `sql.begin`. An aborted `signal` rejects with its AbortError.
 */
export async function copyRows<Row>(
  sql: postgres.Sql | postgres.TransactionSql,
  table: string,
  columns: readonly string[],
  rows: Iterable<Row>,
  toFields: (row: Row) => readonly CopyValue[],
  total: number,
  options: CopyRowsOptions = {},
): Promise<number> {
  const { onProgress, progressEvery = 50_000, signal } = options;
  let written = 0;
  function* chunks(): Generator<string> {
    let chunk = '';
    for (const row of rows) {
      chunk += `${toFields(row).map(copyField).join('\t')}\n`;
      written += 1;
      if (written % progressEvery === 0) onProgress?.({ table, rows: written, total });
      if (chunk.length >= 65_536) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  const query = sql.unsafe(`COPY ${table} (${columns.join(', ')}) FROM STDIN`);
  const serverError = interceptServerError(query);
  const stop = new AbortController();
  let piped: Promise<void> | undefined;
  try {
    const writable = await query.writable();
    piped = pipeline(Readable.from(chunks()), writable, { signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal });
    await Promise.race([piped, serverError]);
  } catch (error) {
    // Settle the streams as well: a writable failed after CopyDone would otherwise wait forever.
    stop.abort(error);
    await piped?.catch(() => undefined);
    if (signal?.aborted || !(error instanceof postgres.PostgresError)) throw error;
    throw new SeedError('copy_failed', `COPY into ${table} failed: ${describe(error)}`, { cause: error });
  }
  onProgress?.({ table, rows: written, total });
  return written;
}

/**
 * The server's answer to a failed COPY. postgres.js 3.4.9 resolves the COPY query with the
 * writable, and when the server rejects the data after the last chunk (CopyDone sent, the usual
 * case for small tables or a late bad row) it never calls the writable's pending `final`
 * callback: `pipeline()` never settles, `sql.begin()` never sends ROLLBACK and the session sits
 * `idle in transaction (aborted)` (porsager/postgres#1173, fix proposed in #1183). The error
 * still reaches the query's own `reject`, which is a no-op once the query has resolved: we
 * observe it there. Check this when upgrading postgres.js.
 */
function interceptServerError(query: PromiseLike<unknown>): Promise<never> {
  const internal = query as unknown as { reject?: (error: unknown) => void };
  const original = internal.reject;
  if (typeof original !== 'function')
    throw new Error('postgres.js Query has no reject(): revisit interceptServerError in load/data/copy-rows.ts');
  const failed = new Promise<never>((_, reject) => {
    internal.reject = (error) => {
      reject(error);
      original(error);
    };
  });
  // Also rejects when the COPY fails before streaming, where `writable()` itself rejects.
  failed.catch(() => undefined);
  return failed;
}

function describe(error: postgres.PostgresError): string {
  return [error.message, error.detail, error.where ? `(${error.where})` : '', `[${error.code}]`].filter(Boolean).join(' ');
}
