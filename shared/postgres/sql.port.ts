/**
 * The SQL port: what functions and repositories know about Postgres. It takes query text with
 * `$1`-style placeholders and a parameter list, never a client library's tagged templates, so
 * that no function imports `postgres` (eslint enforces it) and adapters stay swappable.
 *
 * Every call accepts an `AbortSignal` (the request's deadline): an aborted call rejects at once
 * with a {@link SqlError} (`timeout` or `aborted`) and the adapter cancels the server-side query.
 */

/**
 * Values an adapter can bind as query parameters. JSON goes in as a string cast with
 * `::text::jsonb` (a bare `$1::jsonb` types the parameter jsonb, and postgres.js then stores the
 * string as a JSON *string*). Arrays bind on Node but not on the workerd client (no type
 * fetch): pass lists as text there, e.g. `= ANY(string_to_array($1::text, ',')::uuid[])`.
 */
export type SqlParam = string | number | bigint | boolean | Date | Uint8Array | null | readonly (string | number)[];

/** One result row, keyed by column name (alias columns in SQL to get camelCase keys). */
export type SqlRow = Record<string, unknown>;

/** Per-call options. */
export interface SqlCallOptions {
  /** Cancels the call; pass the request's deadline signal. */
  readonly signal?: AbortSignal;
}

/** Runs single statements. Inside a transaction this is bound to the transaction's connection. */
export interface SqlExecutor {
  query<Row extends SqlRow = SqlRow>(text: string, params?: readonly SqlParam[], options?: SqlCallOptions): Promise<Row[]>;
}

/** What functions get: statements, transactions and a liveness probe. */
export interface SqlClient extends SqlExecutor {
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws.
   * Nothing half-written is left behind. Pass the same signal to the queries inside.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>, options?: SqlCallOptions): Promise<T>;
  /** Cheapest round trip to the server (`select 1`), for health checks. */
  ping(signal: AbortSignal): Promise<void>;
}

/** An SQL client owned by a runtime entry, which must close it. */
export interface SqlDatabase extends SqlClient {
  /** Waits up to `timeoutSeconds` for running queries, then closes every connection. */
  close(options?: { readonly timeoutSeconds?: number }): Promise<void>;
}
