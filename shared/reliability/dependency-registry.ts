import { EventEmitter } from 'cockatiel';
import type { Event } from 'cockatiel';
import type { Logger } from '../observability/logger.ts';
import type { MetricsRecorder } from '../observability/metrics-recorder.port.ts';
import type { BreakerState } from './circuit-breaker.ts';
import { createDependencyPolicy } from './dependency-policy.ts';
import type { DependencyHealth, DependencyPolicy, DependencyPolicyOptions } from './dependency-policy.ts';
import type { DependencyName } from './reliability-errors.ts';

/** Overrides for one dependency when the registry creates its policy. */
export type DependencyOverrides = Omit<DependencyPolicyOptions, 'dependency' | 'metrics' | 'logger'>;

/** Options of {@link createDependencyRegistry}. */
export interface DependencyRegistryOptions {
  metrics?: MetricsRecorder;
  logger?: Logger;
  /** Per-dependency overrides of DEPENDENCY_DEFAULTS (e.g. `{ s3: { required: true } }`). */
  overrides?: Partial<Record<DependencyName, DependencyOverrides>>;
}

/** Readiness derived from breakers. */
export interface BreakerReadiness {
  readonly ready: boolean;
  /** Required dependencies whose breaker currently refuses calls. */
  readonly blocking: readonly DependencyName[];
}

/**
 * One policy per dependency per process, and the read side health routes need: every
 * dependency's breaker state, last error and latency.
 */
export interface DependencyRegistry {
  /** The dependency's policy, created on first use with the registry's metrics and logger. */
  policy(dependency: DependencyName): DependencyPolicy;
  /** Policies created so far. */
  policies(): readonly DependencyPolicy[];
  snapshot(): readonly DependencyHealth[];
  /** Not ready while any required dependency's breaker refuses calls. */
  readiness(): BreakerReadiness;
  /** Fires on any dependency's breaker state change. */
  readonly onStateChange: Event<{ dependency: DependencyName; state: BreakerState }>;
}

/** Creates a dependency registry. */
export function createDependencyRegistry(options: DependencyRegistryOptions = {}): DependencyRegistry {
  const policies = new Map<DependencyName, DependencyPolicy>();
  const emitter = new EventEmitter<{ dependency: DependencyName; state: BreakerState }>();
  return {
    policy(dependency) {
      let existing = policies.get(dependency);
      if (!existing) {
        existing = createDependencyPolicy({
          ...options.overrides?.[dependency],
          dependency,
          ...(options.metrics ? { metrics: options.metrics } : {}),
          ...(options.logger ? { logger: options.logger } : {}),
        });
        existing.onStateChange((state) => emitter.emit({ dependency, state }));
        policies.set(dependency, existing);
      }
      return existing;
    },
    policies: () => [...policies.values()],
    snapshot: () => [...policies.values()].map((p) => p.health()),
    readiness() {
      const blocking = [...policies.values()].filter((p) => p.config.required && p.health().rejecting).map((p) => p.dependency);
      return { ready: blocking.length === 0, blocking };
    },
    onStateChange: emitter.addListener,
  };
}
