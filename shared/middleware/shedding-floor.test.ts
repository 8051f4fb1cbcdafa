import { describe, expect, it } from 'vitest';
import { SHEDDING_FLOOR, SHEDDING_START } from './reliability-layer.ts';
import { createDependencyRegistry } from '../reliability/dependency-registry.ts';
import { sheddingLimitsFor } from './shedding-floor.ts';

describe('sheddingLimitsFor', () => {
  it('keeps the platform floor when every required bulkhead admits more (Postgres: 20 + 40)', () => {
    expect(sheddingLimitsFor(['postgres'], createDependencyRegistry())).toEqual({ minLimit: SHEDDING_FLOOR, initialLimit: SHEDDING_START });
    expect(sheddingLimitsFor([], createDependencyRegistry())).toEqual({ minLimit: SHEDDING_FLOOR, initialLimit: SHEDDING_START });
  });

  it('lowers the floor to what the smallest required bulkhead admits (S3: 16 + 16)', () => {
    expect(sheddingLimitsFor(['postgres', 's3'], createDependencyRegistry())).toEqual({ minLimit: 32, initialLimit: SHEDDING_START });
  });

  it('follows per-dependency overrides, and never starts above the floor', () => {
    const registry = createDependencyRegistry({ overrides: { s3: { bulkhead: { concurrency: 4, queue: 4 } } } });
    expect(sheddingLimitsFor(['s3'], registry)).toEqual({ minLimit: 8, initialLimit: 8 });
  });
});
