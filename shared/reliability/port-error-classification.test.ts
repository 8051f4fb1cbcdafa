import { describe, expect, it } from 'vitest';
import { KafkaError } from '../kafka/kafka.port.ts';
import { SqlError } from '../postgres/sql-error.ts';
import { RedisError } from '../redis/redis-error.ts';
import { ObjectStoreError } from '../s3/object-store.port.ts';
import { DEPENDENCY_DEFAULTS } from './dependency-defaults.ts';
import { createDependencyPolicy } from './dependency-policy.ts';
import { classifyFailure, countsAgainstBreaker } from './failure-classification.ts';
import type { FailureKind } from './failure-kind.ts';
import type { DependencyName } from './reliability-errors.ts';

// Every code of every port error, judged as the dependency's policy judges it (its own
// classifier first, then the generic rules). Only the dependency's failures may count against
// its breaker; a caller's cancellation or our own bug must not open it for everyone.
const kindUnder = (dependency: DependencyName, error: unknown): FailureKind =>
  classifyFailure(error, DEPENDENCY_DEFAULTS[dependency].classify);

describe('port errors under their dependency policy', () => {
  it.each<[string, Error, FailureKind]>([
    ['SqlError unavailable', new SqlError('unavailable', 'Postgres unavailable (ECONNREFUSED)'), 'transient'],
    ['SqlError conflict (serialization failure)', new SqlError('conflict', 'x', { sqlState: '40001' }), 'transient'],
    ['SqlError timeout (statement_timeout)', new SqlError('timeout', 'x', { sqlState: '57014' }), 'transient'],
    ['SqlError aborted (caller cancelled)', new SqlError('aborted', 'SQL call aborted'), 'local'],
    ['SqlError constraint', new SqlError('constraint', 'duplicate key', { sqlState: '23505', constraintKind: 'unique' }), 'caller'],
    ['SqlError invalid_input', new SqlError('invalid_input', 'invalid uuid', { sqlState: '22P02' }), 'caller'],
    ['SqlError query on a missing table (our bug)', new SqlError('query', 'relation does not exist', { sqlState: '42P01' }), 'local'],
    ['SqlError query, server internal error', new SqlError('query', 'internal', { sqlState: 'XX000' }), 'dependency'],
  ])('postgres: %s -> %s', (_name, error, kind) => {
    expect(kindUnder('postgres', error)).toBe(kind);
  });

  it.each<[string, Error, FailureKind]>([
    ['RedisError unavailable', new RedisError('unavailable', 'Redis unavailable (ECONNREFUSED)'), 'transient'],
    ['RedisError timeout', new RedisError('timeout', 'Redis call timed out'), 'transient'],
    ['RedisError aborted (caller cancelled)', new RedisError('aborted', 'Redis call aborted'), 'local'],
    [
      'RedisError command (WRONGTYPE)',
      new RedisError('command', 'WRONGTYPE Operation against a key holding the wrong kind of value', { command: 'GET' }),
      'local',
    ],
    [
      'RedisError command (message without the reply prefix)',
      new RedisError('command', 'Redis EVALSHA failed: script error', { command: 'EVALSHA' }),
      'local',
    ],
    ['RedisError auth', new RedisError('auth', 'Unauthorized'), 'dependency'],
    ['RedisError protocol', new RedisError('protocol', 'not JSON'), 'dependency'],
  ])('redis: %s -> %s', (_name, error, kind) => {
    expect(kindUnder('redis', error)).toBe(kind);
  });

  it.each<[string, Error, FailureKind]>([
    ['KafkaError unavailable', new KafkaError('unavailable', 'publish failed: Kafka unavailable'), 'transient'],
    ['KafkaError timeout', new KafkaError('timeout', 'publish did not finish in time'), 'transient'],
    ['KafkaError aborted (caller cancelled)', new KafkaError('aborted', 'publish did not finish in time'), 'local'],
  ])('kafka: %s -> %s', (_name, error, kind) => {
    expect(kindUnder('kafka', error)).toBe(kind);
  });

  it.each<[string, Error, FailureKind]>([
    [
      'ObjectStoreError unavailable (connection refused)',
      new ObjectStoreError('unavailable', 'S3 unavailable (Error)', {
        cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
      }),
      'transient',
    ],
    [
      'ObjectStoreError unavailable (503)',
      new ObjectStoreError('unavailable', 'S3 unavailable (503)', { cause: { $metadata: { httpStatusCode: 503 } } }),
      'transient',
    ],
    [
      'ObjectStoreError unavailable (400: our request)',
      new ObjectStoreError('unavailable', 'S3 unavailable (400)', { cause: { $metadata: { httpStatusCode: 400 } } }),
      'caller',
    ],
    ['ObjectStoreError timeout', new ObjectStoreError('timeout', 'S3 call did not finish in time'), 'transient'],
    ['ObjectStoreError aborted (caller cancelled)', new ObjectStoreError('aborted', 'S3 call did not finish in time'), 'local'],
    ['ObjectStoreError invalid_body', new ObjectStoreError('invalid_body', 'the upload body stream failed'), 'caller'],
    ['ObjectStoreError not_found (bucket missing)', new ObjectStoreError('not_found', 'bucket atlas-media does not exist'), 'dependency'],
    ['ObjectStoreError denied', new ObjectStoreError('denied', 'S3 denied (403)'), 'dependency'],
  ])('s3: %s -> %s', (_name, error, kind) => {
    expect(kindUnder('s3', error)).toBe(kind);
  });

  it('recognises a port error from another module copy by name and code', () => {
    const copy = Object.assign(new Error('x'), { name: 'RedisError', code: 'aborted', transient: false });
    expect(countsAgainstBreaker(kindUnder('redis', copy))).toBe(false);
  });

  it('keeps the Redis breaker closed through many aborted and command errors, and opens it on unavailable', async () => {
    const policy = createDependencyPolicy({ dependency: 'redis' });
    const fail = (error: Error) => policy.execute('get', async () => Promise.reject(error)).catch(() => undefined);
    for (let i = 0; i < 10; i++) {
      await fail(new RedisError('aborted', 'Redis call aborted'));
      await fail(new RedisError('command', 'WRONGTYPE Operation against a key holding the wrong kind of value'));
    }
    expect(policy.health().state).toBe('closed');
    for (let i = 0; i < 5; i++) await fail(new RedisError('unavailable', 'Redis unavailable'));
    expect(policy.health().state).toBe('open');
  });
});
