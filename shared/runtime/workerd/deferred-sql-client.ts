import type { SqlClient } from '../../postgres/sql.port.ts';

/**
 * A SQL port that calls `open` on its first query (once) and delegates to the client it
 * returned. workerd makes a Postgres client per request; handlers read their ports up front
 * (`const { sql, redis } = c.var.deps`) even on paths that never query, such as a timeline read
 * served from Redis. Built eagerly there, postgres.js' client (option parsing, queues, its
 * `end()` in waitUntil) was 13% of the isolate's CPU (profiled under `npm run bench:runtimes`).
 * `open` registers the client for closing, so a request that never queried closes nothing.
 */
export function deferSqlClient(open: () => SqlClient): SqlClient {
  let client: SqlClient | undefined;
  const opened = (): SqlClient => (client ??= open());
  return {
    query: (text, params, options) => opened().query(text, params, options),
    transaction: (work, options) => opened().transaction(work, options),
    ping: (signal) => opened().ping(signal),
  };
}
