import type { DependencyName } from '../reliability/reliability-errors.ts';
import type { DependencyRegistry } from '../reliability/dependency-registry.ts';
import { SHEDDING_FLOOR, SHEDDING_START } from './reliability-layer.ts';

/** Limiter floor and starting limit of one function (ADR 0010). */
export interface SheddingLimits {
  readonly minLimit: number;
  readonly initialLimit: number;
}

/**
 * The load shedder's floor for a function: {@link SHEDDING_FLOOR}, lowered to what the
 * bulkheads of the dependencies it requires admit (running + queued). Above that, requests
 * pass the shedder only to be refused by a bulkhead as `503 dependency-unavailable`
 * (`bulkhead_full`): the media function's S3 bulkhead admits 16 + 16 = 32 < 40.
 */
export function sheddingLimitsFor(requires: readonly DependencyName[], registry: DependencyRegistry): SheddingLimits {
  const admitted = requires.map((dependency) => {
    const { concurrency, queue } = registry.policy(dependency).config.bulkhead;
    return concurrency + queue;
  });
  const minLimit = Math.min(SHEDDING_FLOOR, ...admitted);
  return { minLimit, initialLimit: Math.min(SHEDDING_START, minLimit) };
}
