import type { SqlDatabase } from '../sql.port.ts';
import { createPostgresJsDatabase } from './postgres-js.adapter.ts';

/** Options of {@link createNodeSqlPool}. */
export interface NodeSqlPoolOptions {
  readonly url: string;
  /** Connections per process (default 10). */
  readonly poolSize?: number;
  /** Seconds a connection attempt may take (default 2): a down database fails fast. */
  readonly connectTimeoutSeconds?: number;
  /** Seconds an idle connection is kept (default 30). */
  readonly idleTimeoutSeconds?: number;
}

/**
 * The Node adapter: ONE pool per process, created by the Node entry and closed on shutdown.
 * postgres.js reconnects lazily, so a pool survives a database restart without help.
 */
export function createNodeSqlPool(options: NodeSqlPoolOptions): SqlDatabase {
  return createPostgresJsDatabase({
    url: options.url,
    max: options.poolSize ?? 10,
    connectTimeoutSeconds: options.connectTimeoutSeconds ?? 2,
    idleTimeoutSeconds: options.idleTimeoutSeconds ?? 30,
    fetchTypes: true,
  });
}
