import type { Context } from 'hono';
import type { Dependencies, DependencyProvider, DependencyScope } from '../app/dependencies.ts';
import type { DependencyCallOptions, DependencyPolicy } from './dependency-policy.ts';
import type { DependencyRegistry } from './dependency-registry.ts';
import { guardKafka } from './guarded-kafka.ts';
import { guardObjectStore } from './guarded-object-store.ts';
import { guardRedis } from './guarded-redis.ts';
import { guardSqlClient } from './guarded-sql.ts';
import type { DependencyName } from './reliability-errors.ts';

/**
 * Call options a scope applies to every call of its ports. The policy (breaker, bulkhead,
 * budget, metrics) stays the function's one per dependency; only how calls use it differs.
 */
export interface GuardScopeOptions {
  /** `false`: no retry layer (the caller backs off itself). Default: the policy retries idempotent calls. */
  readonly retry?: boolean;
  /** Attempt timeouts replacing the policies' defaults, per dependency, ms. */
  readonly attemptTimeoutMs?: Partial<Record<DependencyName, number>>;
}

/** The policy with `defaults` applied to every call (a call's own options win for the rest). */
function scopedPolicy(policy: DependencyPolicy, scope: GuardScopeOptions): DependencyPolicy {
  const timeoutMs = scope.attemptTimeoutMs?.[policy.dependency];
  const defaults: Pick<DependencyCallOptions, 'retry' | 'attemptTimeoutMs'> = {
    ...(scope.retry === undefined ? {} : { retry: scope.retry }),
    ...(timeoutMs === undefined ? {} : { attemptTimeoutMs: timeoutMs }),
  };
  return { ...policy, execute: (operation, fn, options) => policy.execute(operation, fn, { ...options, ...defaults }) };
}

/**
 * Wraps every port of a `Dependencies` object with its dependency's policy from `registry`.
 * Lazy like the original: a port is wrapped (and its client opened) only when first used.
 * `scope` adjusts how calls use the policies (trigger scopes: no retries, see
 * `TRIGGER_SCOPE_POLICY`).
 */
export function guardDependencies(deps: Dependencies, registry: DependencyRegistry, scope?: GuardScopeOptions): Dependencies {
  const policy = (dependency: DependencyName): DependencyPolicy =>
    scope ? scopedPolicy(registry.policy(dependency), scope) : registry.policy(dependency);
  let sql: Dependencies['sql'] | undefined;
  let redis: Dependencies['redis'] | undefined;
  let kafka: Dependencies['kafka'] | undefined;
  let objectStore: Dependencies['objectStore'] | undefined;
  return {
    get sql() {
      return (sql ??= guardSqlClient(deps.sql, policy('postgres')));
    },
    get redis() {
      return (redis ??= guardRedis(deps.redis, policy('redis')));
    },
    get kafka() {
      return (kafka ??= guardKafka(deps.kafka, policy('kafka')));
    },
    get objectStore() {
      return (objectStore ??= guardObjectStore(deps.objectStore, policy('s3')));
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

/**
 * How event and schedule triggers use their function's dependency policies: the same
 * breakers, bulkheads and attempt timeouts as its HTTP side, but NO retry layer. Their runners
 * already back off (the outbox relay's next run, the consumer's batch redelivery with
 * backoff): retrying inside as well would multiply attempts against a failing dependency.
 * Postgres gets a longer attempt: the relay's transaction spans a Kafka publish (up to 5 s).
 * Redis too (5 s, not the 500 ms meant for reads): a fan-out script is batch work, and a script
 * the client gave up on still runs to completion in Redis, so a short timeout only made the
 * batch run twice when Redis was slow. Under load it spiralled: timeouts, retries of done work,
 * the breaker opening for the HTTP side too (fan-out bench at load 8: p99 15 s).
 */
export const TRIGGER_SCOPE_POLICY: GuardScopeOptions = { retry: false, attemptTimeoutMs: { postgres: 15_000, redis: 5_000 } };

/** The ports a trigger handler gets: guarded by `registry` with {@link TRIGGER_SCOPE_POLICY}. */
export function guardTriggerDependencies(deps: Dependencies, registry: DependencyRegistry): Dependencies {
  return guardDependencies(deps, registry, TRIGGER_SCOPE_POLICY);
}
