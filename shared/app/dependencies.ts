import type { Context } from 'hono';
import type { KafkaPort } from '../kafka/kafka.port.ts';
import type { SqlClient } from '../postgres/sql.port.ts';
import type { RedisPort } from '../redis/redis.port.ts';
import type { ObjectStore } from '../s3/object-store.port.ts';

/** The platform's dependencies, named as in metrics (`dependency` label) and health reports. */
export const DEPENDENCY_NAMES = ['postgres', 'redis', 'kafka', 's3'] as const;
export type DependencyName = (typeof DEPENDENCY_NAMES)[number];

/**
 * What a function's handlers reach dependencies through (`c.var.deps`): ports only, never
 * client libraries. Properties are lazy: a request that never touches Kafka opens no Kafka
 * connection (which matters on workerd, where clients are per request).
 */
export interface Dependencies {
  readonly sql: SqlClient;
  /** TCP (ioredis) on Node by default, Upstash REST on workerd: the entry picks (REDIS_ADAPTER). */
  readonly redis: RedisPort;
  readonly kafka: KafkaPort;
  readonly objectStore: ObjectStore;
}

/** The dependencies of one request and how to let go of them afterwards. */
export interface DependencyScope {
  readonly deps: Dependencies;
  /**
   * Called once the response is ready. Node: nothing (process-wide pools). workerd: closes the
   * per-request clients through `ctx.waitUntil`, so the response is not delayed.
   */
  release(c: Context): void;
}

/** Chosen by the runtime entry (the composition root); never by sniffing globals. */
export interface DependencyProvider {
  open(c: Context): DependencyScope;
}
