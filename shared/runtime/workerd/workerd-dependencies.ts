import type { Context } from 'hono';
import type { Dependencies, DependencyProvider, DependencyScope } from '../../app/dependencies.ts';
import type { AppConfig } from '../../config/app-config.ts';
import { createKafkajsClient } from '../../kafka/adapters/kafkajs.adapter.ts';
import { createRequestSqlClient } from '../../postgres/adapters/request-client.ts';
import { createUpstashRedis } from '../../redis/adapters/upstash.adapter.ts';
import { createS3ObjectStore } from '../../s3/adapters/aws-s3.adapter.ts';
import { deferSqlClient } from './deferred-sql-client.ts';
import { fixedLengthUploadBody } from './fixed-length-body.ts';

/**
 * workerd dependencies: every client is created lazily FOR THIS REQUEST (Postgres on its first
 * query, the others on first use) and closed after the response through `ctx.waitUntil`.
 * workerd refuses I/O on objects created by another request, so module-scope clients would
 * fail from the second request on; Hyperdrive does the pooling.
 */
export function createWorkerdDependencyProvider(configFor: (c: Context) => AppConfig): DependencyProvider {
  return {
    open(c: Context): DependencyScope {
      const config = configFor(c);
      const closers: (() => Promise<void>)[] = [];
      const lazy = <T extends { close(): Promise<void> }>(make: () => T): (() => T) => {
        let client: T | undefined;
        return () => {
          if (!client) {
            const created = make();
            client = created;
            closers.push(() => created.close());
          }
          return client;
        };
      };
      // Made on the first QUERY, not on reading `deps.sql` (handlers destructure their ports
      // up front): a request served without Postgres builds and closes no postgres.js client.
      const sql = deferSqlClient(
        lazy(() => createRequestSqlClient(config.database.url, { connectTimeoutSeconds: config.database.connectTimeoutSeconds })),
      );
      // workerd has no TCP Redis client: always the Upstash REST adapter.
      const redis = lazy(() => createUpstashRedis({ url: config.redis.restUrl, token: config.redis.restToken }));
      const kafka = lazy(() => createKafkajsClient({ brokers: config.kafka.brokers }));
      const objectStore = lazy(() => createS3ObjectStore({ ...config.s3, uploadBody: fixedLengthUploadBody }));
      const deps: Dependencies = {
        get sql() {
          return sql;
        },
        get redis() {
          return redis();
        },
        get kafka() {
          return kafka();
        },
        get objectStore() {
          return objectStore();
        },
      };
      return {
        deps,
        release(context: Context): void {
          if (closers.length === 0) return;
          const closing = Promise.allSettled(closers.map((close) => close())).then(() => undefined);
          context.executionCtx.waitUntil(closing);
        },
      };
    },
  };
}
