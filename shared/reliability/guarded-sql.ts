import type { SqlCallOptions, SqlClient, SqlDatabase, SqlExecutor } from '../postgres/sql.port.ts';
import { isSqlError } from '../postgres/sql-error.ts';
import type { DependencyPolicy } from './dependency-policy.ts';
import { ForeignWorkError } from './reliability-errors.ts';

/** Bounded `operation` label: the statement's verb (a raw SQL text would explode cardinality). */
function operationOf(text: string): string {
  const verb = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase();
  return verb === 'select' || verb === 'insert' || verb === 'update' || verb === 'delete' || verb === 'with' ? verb : 'other';
}

/** Reads may be retried; anything that can write may not (it could apply twice). */
function isReadOnly(text: string): boolean {
  return /^\s*select\b/i.test(text) && !/\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b/i.test(text);
}

/**
 * The SQL port behind the Postgres dependency policy: every call runs through deadline ->
 * retry -> breaker -> bulkhead -> attempt timeout. Only plain SELECTs and pings are retried;
 * a transaction is never retried as a whole here (its outcome may be unknown after a dropped
 * connection). An error that the transaction's work throws and that is not Postgres's own (a
 * Kafka publish inside the outbox relay's transaction, a problem raised by a route) is not held
 * against Postgres: a Kafka outage must not open the Postgres breaker. Errors are the port's own (`SqlError`) or the layer's (`DependencyUnavailableError`,
 * `DependencyTimeoutError`, `DeadlineExceededError`).
 */
export function guardSqlClient<T extends SqlClient>(inner: T, policy: DependencyPolicy): T {
  const guarded: SqlClient = {
    query(text, params, options?: SqlCallOptions) {
      return policy.execute(operationOf(text), (signal) => inner.query(text, params, { ...options, signal }), {
        ...(options?.signal ? { signal: options.signal } : {}),
        idempotent: isReadOnly(text),
      });
    },
    transaction<R>(work: (tx: SqlExecutor) => Promise<R>, options?: SqlCallOptions): Promise<R> {
      const ownWork = async (tx: SqlExecutor): Promise<R> => {
        try {
          return await work(tx);
        } catch (error) {
          throw isSqlError(error) ? error : new ForeignWorkError(error);
        }
      };
      return policy
        .execute('transaction', (signal) => inner.transaction(ownWork, { ...options, signal }), {
          ...(options?.signal ? { signal: options.signal } : {}),
          idempotent: false,
        })
        .catch((error: unknown) => {
          throw error instanceof ForeignWorkError ? error.original : error;
        });
    },
    ping(signal) {
      return policy.execute('ping', (attempt) => inner.ping(attempt), { signal, idempotent: true });
    },
  };
  return Object.assign(Object.create(inner) as T, guarded);
}

/** {@link guardSqlClient} for an owned database (keeps `close`). */
export function guardSqlDatabase(inner: SqlDatabase, policy: DependencyPolicy): SqlDatabase {
  return guardSqlClient(inner, policy);
}
