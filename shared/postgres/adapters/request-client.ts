import type { SqlDatabase } from '../sql.port.ts';
import { createPostgresJsDatabase } from './postgres-js.adapter.ts';

/** Options of {@link createRequestSqlClient}. */
export interface RequestSqlClientOptions {
  /** Connections this request may open (default 5: workerd allows 6 concurrent sockets). */
  readonly max?: number;
  /** Seconds a connection attempt may take (default 2). */
  readonly connectTimeoutSeconds?: number;
}

/**
 * The workerd adapter: a client per request, built from a Hyperdrive binding's
 * `connectionString`. workerd forbids I/O objects from crossing requests (a module-scope client
 * fails on the second request), and pooling at the edge is Hyperdrive's job. The caller closes
 * it with `ctx.waitUntil(client.close())` so the response is not delayed.
 */
export function createRequestSqlClient(connectionString: string, options: RequestSqlClientOptions = {}): SqlDatabase {
  return createPostgresJsDatabase({
    url: connectionString,
    max: options.max ?? 5,
    connectTimeoutSeconds: options.connectTimeoutSeconds ?? 2,
    idleTimeoutSeconds: 0,
    // Skips a round trip per request; our schema uses no custom array types.
    fetchTypes: false,
  });
}
