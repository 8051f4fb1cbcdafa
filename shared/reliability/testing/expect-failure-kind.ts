import { expect } from 'vitest';
import { classifyFailure } from '../failure-classification.ts';
import { failureKindOf } from '../failure-kind.ts';
import type { FailureKind } from '../failure-kind.ts';

/**
 * Asserts that an error an adapter mapped carries `kind` and that the dependency policies
 * judge it so: the check every adapter's error-mapping test ends with.
 */
export function expectFailureKind(error: unknown, kind: FailureKind): void {
  expect(failureKindOf(error)).toBe(kind);
  expect(classifyFailure(error)).toBe(kind);
}
