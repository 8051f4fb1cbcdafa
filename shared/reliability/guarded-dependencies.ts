import type { Context } from 'hono';
import type { Dependencies, DependencyProvider, DependencyScope } from '../app/dependencies.ts';
import type { DependencyRegistry } from './dependency-registry.ts';
import { guardKafka } from './guarded-kafka.ts';
import { guardObjectStore } from './guarded-object-store.ts';
import { guardRedis } from './guarded-redis.ts';
import { guardSqlClient } from './guarded-sql.ts';

/**
 * Wraps every port of a `Dependencies` object with its dependency's policy from `registry`.
 * Lazy like the original: a port is wrapped (and its client opened) only when first used.
 */
export function guardDependencies(deps: Dependencies, registry: DependencyRegistry): Dependencies {
  let sql: Dependencies['sql'] | undefined;
  let redis: Dependencies['redis'] | undefined;
  let kafka: Dependencies['kafka'] | undefined;
  let objectStore: Dependencies['objectStore'] | undefined;
  return {
    get sql() {
      return (sql ??= guardSqlClient(deps.sql, registry.policy('postgres')));
    },
    get redis() {
      return (redis ??= guardRedis(deps.redis, registry.policy('redis')));
    },
    get kafka() {
      return (kafka ??= guardKafka(deps.kafka, registry.policy('kafka')));
    },
    get objectStore() {
      return (objectStore ??= guardObjectStore(deps.objectStore, registry.policy('s3')));
    },
  };
}

/**
 * A dependency provider whose scopes hand out guarded ports. The same underlying `deps`
 * object (Node: one per process) is wrapped once; per-request deps (workerd) per request.
 */
export function guardDependencyProvider(provider: DependencyProvider, registry: DependencyRegistry): DependencyProvider {
  const wrapped = new WeakMap<Dependencies, Dependencies>();
  return {
    open(c: Context): DependencyScope {
      const scope = provider.open(c);
      let deps = wrapped.get(scope.deps);
      if (!deps) {
        deps = guardDependencies(scope.deps, registry);
        wrapped.set(scope.deps, deps);
      }
      return { deps, release: (ctx) => scope.release(ctx) };
    },
  };
}
