import { afterAll, beforeAll, inject } from 'vitest';
import { createNodeSqlPool } from '#shared/postgres/adapters/node-pool.ts';
import type { SqlDatabase } from '#shared/postgres/sql.port.ts';
import { createIoredisRedis } from '#shared/redis/adapters/ioredis.adapter.ts';
import { createUpstashRedis } from '#shared/redis/adapters/upstash.adapter.ts';
import type { RedisPort } from '#shared/redis/redis.port.ts';
import { createTimelineRepository } from '../store/timeline.repository.ts';
import type { TimelineRepository } from '../store/timeline.repository.ts';

/** The real stores of the timeline's integration tests, opened once per test file. */
export interface RealStores {
  readonly db: () => SqlDatabase;
  readonly repository: () => TimelineRepository;
  /** The real Redis through either adapter: `tcp` (ioredis) or `rest` (Upstash protocol). */
  readonly redis: (adapter: string) => RedisPort;
}

/**
 * Opens a small Postgres pool and both Redis adapters before the file's tests and closes them
 * after; `beforeClose` runs first (the file's own cleanup of rows it made).
 */
export function useRealStores(beforeClose?: (db: SqlDatabase) => Promise<void>): RealStores {
  const infra = inject('infra');
  let db: SqlDatabase | undefined;
  let repository: TimelineRepository | undefined;
  const adapters: Record<string, RedisPort> = {};
  beforeAll(() => {
    db = createNodeSqlPool({ url: infra.DATABASE_URL, poolSize: 2 });
    repository = createTimelineRepository(db);
    adapters['tcp'] = createIoredisRedis({ url: infra.REDIS_URL });
    adapters['rest'] = createUpstashRedis({ url: infra.UPSTASH_REDIS_REST_URL, token: infra.UPSTASH_REDIS_REST_TOKEN });
  });
  afterAll(async () => {
    if (db) await beforeClose?.(db);
    await Promise.all([db?.close(), ...Object.values(adapters).map((redis) => redis.close())]);
  });
  const opened = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is opened in beforeAll; use it inside a test`);
    return value;
  };
  return {
    db: () => opened(db, 'the Postgres pool'),
    repository: () => opened(repository, 'the timeline repository'),
    redis: (adapter) => opened(adapters[adapter], `the ${adapter} Redis adapter`),
  };
}
