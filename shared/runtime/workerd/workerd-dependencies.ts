import type { Context } from 'hono';
import type { Dependencies, DependencyProvider, DependencyScope } from '../../app/dependencies.ts';
import type { AppConfig } from '../../config/app-config.ts';
import { createKafkajsClient } from '../../kafka/adapters/kafkajs.adapter.ts';
import { createRequestSqlClient } from '../../postgres/adapters/request-client.ts';
import { createUpstashRedis } from '../../redis/adapters/upstash.adapter.ts';
import type { RedisPort } from '../../redis/redis.port.ts';
import { createS3ObjectStore } from '../../s3/adapters/aws-s3.adapter.ts';
import { deferSqlClient } from './deferred-sql-client.ts';
import { fixedLengthUploadBody } from './fixed-length-body.ts';

/**
 * Upstash clients of this isolate by URL and token. Unlike the other clients, one can serve
 * every request: it holds configuration and the read-your-writes sync token, no socket or
 * stream, and each command is a `fetch` made inside the calling request's own I/O context.
 * Built per request it cost ~6% of the isolate's CPU on the timeline read.
 */
const upstashByEndpoint = new Map<string, RedisPort>();

function isolateUpstash(url: string, token: string): RedisPort {
  const key = `${url} ${token}`;
  let redis = upstashByEndpoint.get(key);
  if (!redis) {
    redis = createUpstashRedis({ url, token });
    upstashByEndpoint.set(key, redis);
  }
  return redis;
}

/**
 * The part of workerd's `ExecutionContext` the per-invocation clients need. Declared here so
 * the entries also typecheck (and run, in tests) on Node, where that global type does not exist.
 */
export interface WaitUntilContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** The clients of one invocation (a request, an event push, a cron tick). */
export interface InvocationClients {
  readonly deps: Dependencies;
  /**
   * Closes the clients this invocation made; undefined when it made none. Hand the promise to
   * `ctx.waitUntil`, so closing never delays the answer.
   */
  close(): Promise<void> | undefined;
}

/**
 * workerd dependencies: Postgres, Kafka and S3 clients are created lazily FOR THIS INVOCATION
 * (Postgres on its first query, the others on first use) and closed after the response through
 * `ctx.waitUntil`. workerd refuses I/O on objects created by another request, so module-scope
 * clients holding sockets or streams would fail from the second request on; Hyperdrive does
 * the pooling. Redis goes over `fetch` and is the exception (see {@link isolateUpstash}).
 */
export function openInvocationClients(config: AppConfig): InvocationClients {
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
  // workerd has no TCP Redis client: always the Upstash REST adapter, one per isolate.
  const redis = (): RedisPort => isolateUpstash(config.redis.restUrl, config.redis.restToken);
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
    close(): Promise<void> | undefined {
      if (closers.length === 0) return undefined;
      return Promise.allSettled(closers.map((close) => close())).then(() => undefined);
    },
  };
}

/** The request-scoped provider of the function app: {@link openInvocationClients} per request. */
export function createWorkerdDependencyProvider(configFor: (c: Context) => AppConfig): DependencyProvider {
  return {
    open(c: Context): DependencyScope {
      const clients = openInvocationClients(configFor(c));
      return {
        deps: clients.deps,
        release(context: Context): void {
          const closing = clients.close();
          if (closing) context.executionCtx.waitUntil(closing);
        },
      };
    },
  };
}
