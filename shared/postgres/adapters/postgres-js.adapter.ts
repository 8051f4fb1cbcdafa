import postgres from 'postgres';
import type { SqlCallOptions, SqlDatabase, SqlExecutor, SqlParam, SqlRow } from '../sql.port.ts';
import { SqlError, sqlErrorFromAbort } from '../sql-error.ts';
import { toSqlError } from './postgres-js-errors.ts';

type PostgresJs = postgres.Sql;
type PostgresJsTransaction = postgres.TransactionSql;
type Parameters = postgres.ParameterOrJSON<never>[];

/** Options shared by the Node pool and the workerd per-request client. */
export interface PostgresJsOptions {
  readonly url: string;
  /** Connections this client may open. */
  readonly max: number;
  /** Seconds a connection attempt may take: a down database must fail fast. */
  readonly connectTimeoutSeconds: number;
  /** Seconds before an idle connection is closed (0 = never). */
  readonly idleTimeoutSeconds: number;
  /** Load array type OIDs on connect (one extra round trip; off on workerd). */
  readonly fetchTypes: boolean;
}

/** Opens a postgres.js client and wraps it into the SQL port. */
export function createPostgresJsDatabase(options: PostgresJsOptions): SqlDatabase {
  const sql = postgres(options.url, {
    max: options.max,
    connect_timeout: options.connectTimeoutSeconds,
    idle_timeout: options.idleTimeoutSeconds,
    fetch_types: options.fetchTypes,
    // Notices ("relation already exists, skipping") are not errors; keep logs clean.
    onnotice: () => undefined,
  });
  return wrapDatabase(sql);
}

function wrapDatabase(sql: PostgresJs): SqlDatabase {
  const executor = wrapExecutor(sql);
  return {
    query: executor.query,
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>, options?: SqlCallOptions): Promise<T> {
      if (options?.signal?.aborted) throw sqlErrorFromAbort(options.signal);
      // What `work` throws (a KafkaError, a ProblemError...) rolls back and reaches the caller
      // unchanged; only the driver's own failures (BEGIN, COMMIT, the connection) are mapped.
      let thrownByWork: { readonly error: unknown } | undefined;
      try {
        // postgres.js types `begin` as returning UnwrapPromiseArray<T>; for a non-array T it is T.
        return (await sql.begin(async (tx: PostgresJsTransaction) => {
          try {
            return await work(wrapExecutor(tx));
          } catch (error) {
            thrownByWork = { error };
            throw error;
          }
        })) as T;
      } catch (error) {
        if (thrownByWork && thrownByWork.error === error) throw error;
        throw toSqlError(error);
      }
    },
    async ping(signal: AbortSignal): Promise<void> {
      await executor.query('select 1', [], { signal });
    },
    async close(closeOptions?: { readonly timeoutSeconds?: number }): Promise<void> {
      await sql.end({ timeout: closeOptions?.timeoutSeconds ?? 5 });
    },
  };
}

function wrapExecutor(sql: PostgresJs | PostgresJsTransaction): SqlExecutor {
  return {
    query<Row extends SqlRow = SqlRow>(text: string, params: readonly SqlParam[] = [], options?: SqlCallOptions): Promise<Row[]> {
      const signal = options?.signal;
      if (signal?.aborted) return Promise.reject(sqlErrorFromAbort(signal));
      // prepare: true keeps named prepared statements (and Hyperdrive's query cache) working for
      // the fixed query texts repositories use.
      const pending = sql.unsafe(text, params as unknown as Parameters, { prepare: true });
      return new Promise<Row[]>((resolve, reject) => {
        const onAbort = (): void => {
          // Best effort server-side cancel; the caller gets its answer now either way.
          pending.cancel();
          reject(signal ? sqlErrorFromAbort(signal) : new SqlError('aborted', 'SQL call aborted'));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        pending.then(
          (rows) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(rows as unknown as Row[]);
          },
          (error: unknown) => {
            signal?.removeEventListener('abort', onAbort);
            reject(toSqlError(error));
          },
        );
      });
    },
  };
}
