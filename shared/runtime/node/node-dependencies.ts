import type { Dependencies, DependencyProvider } from '../../app/dependencies.ts';
import type { AppConfig } from '../../config/app-config.ts';
import { createKafkajsClient } from '../../kafka/adapters/kafkajs.adapter.ts';
import type { KafkaPort } from '../../kafka/kafka.port.ts';
import { createNodeSqlPool } from '../../postgres/adapters/node-pool.ts';
import type { SqlDatabase } from '../../postgres/sql.port.ts';
import { createIoredisRedis } from '../../redis/adapters/ioredis.adapter.ts';
import { createUpstashRedis } from '../../redis/adapters/upstash.adapter.ts';
import type { RedisPort } from '../../redis/redis.port.ts';
import { createS3ObjectStore } from '../../s3/adapters/aws-s3.adapter.ts';
import type { ObjectStore } from '../../s3/object-store.port.ts';
import { nodeUploadBody } from './node-upload-body.ts';

/** Process-wide dependencies of the Node runtime. */
export interface NodeDependencies {
  readonly deps: Dependencies;
  /** Hands the same clients to every request: pooling is per process on Node. */
  readonly provider: DependencyProvider;
  /** Closes every client that was opened. Idempotent. */
  close(): Promise<void>;
}

/**
 * One pool per process: clients are created on first use and shared by every request (and by
 * every function when the Node host serves several in one process).
 */
export function createNodeDependencies(config: AppConfig): NodeDependencies {
  let sql: SqlDatabase | undefined;
  let redis: RedisPort | undefined;
  let kafka: KafkaPort | undefined;
  let objectStore: ObjectStore | undefined;

  const deps: Dependencies = {
    get sql() {
      sql ??= createNodeSqlPool({
        url: config.database.url,
        poolSize: config.database.poolSize,
        connectTimeoutSeconds: config.database.connectTimeoutSeconds,
        idleTimeoutSeconds: config.database.idleTimeoutSeconds,
      });
      return sql;
    },
    get redis() {
      // TCP by default (5-10x the REST path's throughput here); REDIS_ADAPTER=rest exercises the
      // edge adapter on Node.
      redis ??=
        config.redis.adapter === 'rest'
          ? createUpstashRedis({ url: config.redis.restUrl, token: config.redis.restToken })
          : createIoredisRedis({ url: config.redis.url });
      return redis;
    },
    get kafka() {
      kafka ??= createKafkajsClient({ brokers: config.kafka.brokers });
      return kafka;
    },
    get objectStore() {
      objectStore ??= createS3ObjectStore({ ...config.s3, uploadBody: nodeUploadBody });
      return objectStore;
    },
  };

  const scope = { deps, release: () => undefined };
  return {
    deps,
    provider: { open: () => scope },
    async close() {
      const open = [sql?.close({ timeoutSeconds: 5 }), redis?.close(), kafka?.close(), objectStore?.close()];
      sql = undefined;
      redis = undefined;
      kafka = undefined;
      objectStore = undefined;
      await Promise.allSettled(open);
    },
  };
}
