import { describe, expect, it } from 'vitest';
import { BrokenCircuitError, BulkheadRejectedError } from 'cockatiel';
import { classifyFailure, countsAgainstBreaker } from './failure-classification.ts';
import { DeadlineExceededError, DependencyTimeoutError } from './reliability-errors.ts';

const withProps = (props: Record<string, unknown>, message = 'x'): Error => Object.assign(new Error(message), props);

// The layer's own errors, and port errors by the kind their adapter gave them. What each
// client library's errors become is tested beside its adapter (`*-errors.test.ts`).
describe('classifyFailure', () => {
  it.each([
    ['attempt timeout', new DependencyTimeoutError('redis', 500), 'transient'],
    [
      'marked transient by a port (SqlError unavailable)',
      withProps({ name: 'SqlError', code: 'unavailable', kind: 'transient' }),
      'transient',
    ],
    ['port error marked not transient', withProps({ name: 'SqlError', code: 'query', kind: 'dependency' }), 'dependency'],
    ['our deadline', new DeadlineExceededError(100), 'local'],
    ['open breaker', new BrokenCircuitError(), 'local'],
    ['full bulkhead', new BulkheadRejectedError(1, 1), 'local'],
    ['a bug in our code', new TypeError('x is undefined'), 'local'],
    ['unknown error', new Error('boom'), 'dependency'],
  ])('%s -> %s', (_name, error, kind) => {
    expect(classifyFailure(error)).toBe(kind);
  });

  it('recognises a port error from another module copy by its kind', () => {
    const copy = withProps({ name: 'RedisError', code: 'aborted', transient: false, kind: 'local' });
    expect(countsAgainstBreaker(classifyFailure(copy))).toBe(false);
  });
});
