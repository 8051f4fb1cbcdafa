import { describe, expect, it } from 'vitest';
import type { FailureKind } from '../../reliability/failure-kind.ts';
import { expectFailureKind } from '../../reliability/testing/expect-failure-kind.ts';
import { SqlError, sqlErrorFromAbort } from '../sql-error.ts';
import { toSqlError } from './postgres-js-errors.ts';

/** postgres.js server errors carry the SQLSTATE in `code` plus `severity` and friends. */
const serverError = (code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`server said ${code}`), { code, severity: 'ERROR', ...extra });

describe('toSqlError', () => {
  it('maps integrity violations to constraint with kind and name', () => {
    const error = toSqlError(serverError('23505', { constraint_name: 'users_handle_key' }));
    expect(error).toMatchObject({
      code: 'constraint',
      constraintKind: 'unique',
      constraint: 'users_handle_key',
      sqlState: '23505',
      transient: false,
    });
    expect(toSqlError(serverError('23503')).constraintKind).toBe('foreign_key');
    expect(toSqlError(serverError('23514')).constraintKind).toBe('check');
  });

  it('maps connection-level SQLSTATEs and driver codes to transient unavailable', () => {
    for (const code of ['08006', '57P01', '57P03', '53300']) {
      expect(toSqlError(serverError(code))).toMatchObject({ code: 'unavailable', transient: true });
    }
    for (const code of ['ECONNREFUSED', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED']) {
      const error = toSqlError(Object.assign(new Error('x'), { code }));
      expect(error).toMatchObject({ code: 'unavailable', transient: true });
      expect(error.message).toContain(code);
    }
  });

  it('treats errors without a SQLSTATE as the connection failing (workerd socket errors)', () => {
    expect(toSqlError(new Error('Network connection lost.')).code).toBe('unavailable');
  });

  it('maps conflicts, cancellations, bad values and the rest', () => {
    expect(toSqlError(serverError('40001'))).toMatchObject({ code: 'conflict', transient: true });
    expect(toSqlError(serverError('40P01')).code).toBe('conflict');
    expect(toSqlError(serverError('57014')).code).toBe('timeout');
    expect(toSqlError(serverError('22P02')).code).toBe('invalid_input');
    expect(toSqlError(serverError('42P01'))).toMatchObject({ code: 'query', transient: false, sqlState: '42P01' });
  });

  it('keeps the driver error as cause and passes SqlErrors through', () => {
    const cause = serverError('42P01');
    expect(toSqlError(cause).cause).toBe(cause);
    const already = new SqlError('timeout', 'late');
    expect(toSqlError(already)).toBe(already);
  });
});

describe('sqlErrorFromAbort', () => {
  it('reports a deadline as timeout and any other abort as aborted', () => {
    const timedOut = new AbortController();
    timedOut.abort(new DOMException('deadline', 'TimeoutError'));
    expect(sqlErrorFromAbort(timedOut.signal).code).toBe('timeout');
    const cancelled = new AbortController();
    cancelled.abort();
    expect(sqlErrorFromAbort(cancelled.signal).code).toBe('aborted');
  });
});

// What the Postgres policy makes of each mapped error: only Postgres's own failures may count
// against its breaker; a caller's cancellation or a bug in our SQL must not open it for everyone.
describe('postgres.js errors under the Postgres policy', () => {
  const driverError = (code: string): Error => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

  it.each<[string, () => SqlError, FailureKind]>([
    ['connection refused', () => toSqlError(driverError('ECONNREFUSED')), 'transient'],
    ['connection failure (08006)', () => toSqlError(serverError('08006')), 'transient'],
    ['serialization failure (40001)', () => toSqlError(serverError('40001')), 'transient'],
    ['server shutting down (57P01)', () => toSqlError(serverError('57P01')), 'transient'],
    ['statement_timeout (57014)', () => toSqlError(serverError('57014')), 'transient'],
    ['caller cancelled', () => sqlErrorFromAbort(AbortSignal.abort()), 'local'],
    ['unique violation (23505)', () => toSqlError(serverError('23505')), 'caller'],
    ['invalid uuid (22P02)', () => toSqlError(serverError('22P02')), 'caller'],
    ['missing table (42P01, our bug)', () => toSqlError(serverError('42P01')), 'local'],
    ['server internal error (XX000)', () => toSqlError(serverError('XX000')), 'dependency'],
  ])('%s -> %s', (_name, mapped, kind) => expectFailureKind(mapped(), kind));
});
