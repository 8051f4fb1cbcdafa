import type { Context } from 'hono';
import type { Dependencies, DependencyProvider, DependencyScope } from '../app/dependencies.ts';
import type { DependencyCallOptions, DependencyPolicy } from './dependency-policy.ts';
import type { DependencyRegistry } from './dependency-registry.ts';
import { guardKafka } from './guarded-kafka.ts';
import { guardObjectStore } from './guarded-object-store.ts';
import { guardRedis } from './guarded-redis.ts';
import { guardSqlClient } from './guarded-sql.ts';
import type { DependencyName } from './reliability-errors.ts';
import type { SubrequestCounter } from './subrequest-counter.ts';

/**
 * Call options a scope applies to every call of its ports. The policy (breaker, bulkhead,
 * budget, metrics) stays the function's one per dependency; only how calls use it differs.
 */
export interface GuardScopeOptions {
  /** `false`: no retry layer (the caller backs off itself). Default: the policy retries idempotent calls. */
  readonly retry?: boolean;
  /** Attempt timeouts replacing the policies' defaults, per dependency, ms. */
  readonly attemptTimeoutMs?: Partial<Record<DependencyName, number>>;
  /** The invocation's subrequest counter: every attempt of every call takes one (ADR 0024). */
  readonly subrequests?: SubrequestCounter;
}

/** The policy with `defaults` applied to every call (a call's own options win for the rest). */
function scopedPolicy(policy: DependencyPolicy, scope: GuardScopeOptions): DependencyPolicy {
  const timeoutMs = scope.attemptTimeoutMs?.[policy.dependency];
  const defaults: Pick<DependencyCallOptions, 'retry' | 'attemptTimeoutMs'> = {
    ...(scope.retry === undefined ? {} : { retry: scope.retry }),
    ...(timeoutMs === undefined ? {} : { attemptTimeoutMs: timeoutMs }),
  };
  const counter = scope.subrequests;
  if (!counter) return { ...policy, execute: (operation, fn, options) => policy.execute(operation, fn, { ...options, ...defaults }) };
  const { dependency } = policy;
  return {
    ...policy,
    execute(operation, fn, options) {
      // The first attempt is taken before the policy runs: a refused call never reaches the
      // breaker, bulkhead or dependency metrics. Retries take theirs inside, per attempt.
      try {
        counter.take(dependency);
      } catch (error) {
        return Promise.reject(error as Error);
      }
      let first = true;
      const counted: typeof fn = (signal) => {
        if (!first) counter.take(dependency);
        first = false;
        return fn(signal);
      };
      return policy.execute(operation, counted, { ...options, ...defaults });
    },
  };
}

/**
 * Wraps every port of a `Dependencies` object with its dependency's policy from `registry`.
 * Lazy like the original: a port is wrapped (and its client opened) only when first used.
 * `scope` adjusts how calls use the policies (trigger scopes: no retries, see
 * `TRIGGER_SCOPE_POLICY`).
 */
export function guardDependencies(deps: Dependencies, registry: DependencyRegistry, scope?: GuardScopeOptions): Dependencies {
  return new GuardedDependencies(deps, registry, scope);
}

/**
 * Lazy guarded ports as a class: with a subrequest counter they are made per request, and
 * prototype getters cost far less per instance than an object literal of getter closures
 * (a request with one Redis call, counted and wrapped per request: 2-3 us over process-wide
 * wrapping with this class, 8-10 us with the object literal; machine shared, noisy).
 */
class GuardedDependencies implements Dependencies {
  readonly #deps: Dependencies;
  readonly #registry: DependencyRegistry;
  readonly #scope: GuardScopeOptions | undefined;
  #sql: Dependencies['sql'] | undefined;
  #redis: Dependencies['redis'] | undefined;
  #kafka: Dependencies['kafka'] | undefined;
  #objectStore: Dependencies['objectStore'] | undefined;

  constructor(deps: Dependencies, registry: DependencyRegistry, scope: GuardScopeOptions | undefined) {
    this.#deps = deps;
    this.#registry = registry;
    this.#scope = scope;
  }

  #policy(dependency: DependencyName): DependencyPolicy {
    const policy = this.#registry.policy(dependency);
    return this.#scope ? scopedPolicy(policy, this.#scope) : policy;
  }

  get sql(): Dependencies['sql'] {
    return (this.#sql ??= guardSqlClient(this.#deps.sql, this.#policy('postgres')));
  }

  get redis(): Dependencies['redis'] {
    return (this.#redis ??= guardRedis(this.#deps.redis, this.#policy('redis')));
  }

  get kafka(): Dependencies['kafka'] {
    return (this.#kafka ??= guardKafka(this.#deps.kafka, this.#policy('kafka')));
  }

  get objectStore(): Dependencies['objectStore'] {
    return (this.#objectStore ??= guardObjectStore(this.#deps.objectStore, this.#policy('s3')));
  }
}

/** Options of {@link guardDependencyProvider}. */
export interface GuardProviderOptions {
  /**
   * Makes each request's subrequest counter (ADR 0024). With it the ports are wrapped per
   * request, so the count is the invocation's own on Node too, where the clients are shared.
   */
  readonly subrequests?: (c: Context) => SubrequestCounter;
}

/**
 * A dependency provider whose scopes hand out guarded ports. Without a subrequest counter the
 * same underlying `deps` object (Node: one per process) is wrapped once; with one, per request
 * (cheap: ports are wrapped lazily, on first use).
 */
export function guardDependencyProvider(
  provider: DependencyProvider,
  registry: DependencyRegistry,
  options: GuardProviderOptions = {},
): DependencyProvider {
  const wrapped = new WeakMap<Dependencies, Dependencies>();
  const { subrequests } = options;
  return {
    open(c: Context): DependencyScope {
      const scope = provider.open(c);
      if (subrequests) {
        return { deps: guardDependencies(scope.deps, registry, { subrequests: subrequests(c) }), release: (ctx) => scope.release(ctx) };
      }
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
