import { describe, expect, it } from 'vitest';
import { BrokenCircuitError, BulkheadRejectedError } from 'cockatiel';
import { classifyKafkaError, classifyPostgresError } from './dependency-defaults.ts';
import { classifyFailure } from './failure-classification.ts';
import { DeadlineExceededError, DependencyTimeoutError } from './reliability-errors.ts';

const withProps = (props: Record<string, unknown>, message = 'x'): Error => Object.assign(new Error(message), props);

describe('classifyFailure', () => {
  it.each([
    ['connection refused', withProps({ code: 'ECONNREFUSED' }), 'transient'],
    ['fetch failed with a network cause', new TypeError('fetch failed', { cause: withProps({ code: 'ECONNRESET' }) }), 'transient'],
    ['attempt timeout', new DependencyTimeoutError('redis', 500), 'transient'],
    ['HTTP 503', withProps({ status: 503 }), 'transient'],
    ['HTTP 404', withProps({ status: 404 }), 'caller'],
    ['HTTP 400 from the AWS SDK', withProps({ $metadata: { httpStatusCode: 400 } }), 'caller'],
    ['zod error', withProps({ name: 'ZodError' }), 'caller'],
    ['marked transient by a port (SqlError unavailable)', withProps({ transient: true, code: 'unavailable' }), 'transient'],
    ['port error marked not transient', withProps({ transient: false, code: 'query' }), 'dependency'],
    ['our deadline', new DeadlineExceededError(100), 'local'],
    ['open breaker', new BrokenCircuitError(), 'local'],
    ['full bulkhead', new BulkheadRejectedError(1, 1), 'local'],
    ['a bug in our code', new TypeError('x is undefined'), 'local'],
    ['unknown error', new Error('boom'), 'dependency'],
  ])('%s -> %s', (_name, error, kind) => {
    expect(classifyFailure(error)).toBe(kind);
  });

  it("Postgres SQLSTATE rules: connection and serialization transient, constraints the caller's, syntax ours", () => {
    expect(classifyFailure(withProps({ code: '08006' }), classifyPostgresError)).toBe('transient');
    expect(classifyFailure(withProps({ code: '40001' }), classifyPostgresError)).toBe('transient');
    expect(classifyFailure(withProps({ code: '57P01' }), classifyPostgresError)).toBe('transient');
    expect(classifyFailure(withProps({ code: '23505' }), classifyPostgresError)).toBe('caller');
    expect(classifyFailure(withProps({ code: '42P01' }), classifyPostgresError)).toBe('local');
  });

  it('kafkajs retriable flag decides', () => {
    expect(classifyFailure(withProps({ name: 'KafkaJSConnectionError', retriable: true }), classifyKafkaError)).toBe('transient');
    expect(classifyFailure(withProps({ name: 'KafkaJSNonRetriableError', retriable: false }), classifyKafkaError)).toBe('dependency');
  });
});
