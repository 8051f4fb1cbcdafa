import { createLogger, parseLogLevel } from '../observability/logger.ts';
import type { Logger } from '../observability/logger.ts';
import { createPromClientRecorder } from '../observability/adapters/prom-client-recorder.ts';
import type { MetricsRegistry } from '../observability/metrics-recorder.port.ts';
import { createDependencyRegistry } from './dependency-registry.ts';
import type { DependencyOverrides, DependencyRegistry } from './dependency-registry.ts';
import type { DependencyName } from './reliability-errors.ts';

/** Options of {@link createPlatformReliability}. */
export interface PlatformReliabilityOptions {
  /** The function served (the `function` label and log field). */
  functionName: string;
  /** `LOG_LEVEL` value; default `info`. */
  logLevel?: string;
  /** Dependencies the function requires: their breakers gate readiness. */
  requires?: readonly DependencyName[];
  /** Per-dependency policy overrides. */
  overrides?: Partial<Record<DependencyName, DependencyOverrides>>;
  /** Where log lines go (default stdout). */
  sink?: (line: string) => void;
  /**
   * Adaptive load shedding: on unless `LOAD_SHEDDING` is `off`/`false`/`0` (the overload load
   * scenario runs with it off to show what shedding buys). Default on.
   */
  loadShedding?: string | boolean;
}

/**
 * The reliability state of one function in one process (Node) or isolate (workerd): its
 * metrics registry, logger and dependency policies. Created once by the runtime entry and
 * shared by every request, so breakers, budgets and the limiter see the whole traffic.
 */
export interface PlatformReliability {
  readonly functionName: string;
  readonly metrics: MetricsRegistry;
  readonly logger: Logger;
  readonly registry: DependencyRegistry;
  /** False when load shedding was switched off (`LOAD_SHEDDING=off`). */
  readonly loadShedding: boolean;
}

/** Reads a `LOAD_SHEDDING` value: only an explicit off/false/0 turns shedding off. */
export function parseLoadShedding(value: string | boolean | undefined): boolean {
  if (typeof value === 'boolean') return value;
  return !['off', 'false', '0'].includes(value?.trim().toLowerCase() ?? '');
}

/** Creates the per-process reliability state of a function. */
export function createPlatformReliability(options: PlatformReliabilityOptions): PlatformReliability {
  const metrics = createPromClientRecorder();
  const logger = createLogger({
    level: parseLogLevel(options.logLevel),
    base: { function: options.functionName },
    ...(options.sink ? { sink: options.sink } : {}),
  });
  const overrides: Partial<Record<DependencyName, DependencyOverrides>> = { ...options.overrides };
  // `required` follows the function's definition, not the per-dependency default.
  for (const dependency of ['postgres', 'redis', 'kafka', 's3'] as const) {
    overrides[dependency] = { required: options.requires?.includes(dependency) ?? false, ...overrides[dependency] };
  }
  return {
    functionName: options.functionName,
    metrics,
    logger,
    registry: createDependencyRegistry({ metrics, logger, overrides }),
    loadShedding: parseLoadShedding(options.loadShedding),
  };
}
