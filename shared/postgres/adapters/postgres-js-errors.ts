import { SqlError } from '../sql-error.ts';
import type { SqlConstraintKind } from '../sql-error.ts';

/** SQLSTATEs of integrity violations (class 23) we name. */
const CONSTRAINT_KINDS: Readonly<Record<string, SqlConstraintKind>> = {
  '23505': 'unique',
  '23503': 'foreign_key',
  '23514': 'check',
  '23502': 'not_null',
  '23P01': 'exclusion',
};

/**
 * SQLSTATEs meaning "the server is not able to serve you right now": connection exceptions
 * (class 08), shutdown / recovery (57P01-57P03), too many connections (53300), out of memory.
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '53200']);

/** Driver-level (non-SQLSTATE) codes postgres.js and Node sockets raise for a down server. */
const UNAVAILABLE_DRIVER_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
]);

interface DriverErrorShape {
  code?: unknown;
  constraint_name?: unknown;
  severity?: unknown;
  message?: unknown;
}

/**
 * Maps whatever postgres.js (or the socket below it) threw to a {@link SqlError}, whose code
 * (and kind, for `query`) tells the reliability layer how to treat it. Errors
 * without a SQLSTATE come from the connection, so they count as `unavailable`: that is the
 * safe reading for workerd's socket errors too, whose messages vary by version.
 */
export function toSqlError(error: unknown): SqlError {
  if (error instanceof SqlError) return error;
  const shape: DriverErrorShape = typeof error === 'object' && error !== null ? (error as DriverErrorShape) : {};
  const code = typeof shape.code === 'string' ? shape.code : undefined;
  const message = typeof shape.message === 'string' ? shape.message : String(error);
  const isServerError = code !== undefined && /^[0-9A-Z]{5}$/.test(code) && shape.severity !== undefined;

  if (!isServerError) {
    if (code === 'UNDEFINED_VALUE' || code === 'MAX_PARAMETERS_EXCEEDED') {
      return new SqlError('invalid_input', message, { cause: error });
    }
    const known = code !== undefined && UNAVAILABLE_DRIVER_CODES.has(code);
    return new SqlError('unavailable', known ? `Postgres unavailable (${code})` : `Postgres unavailable: ${message}`, {
      cause: error,
    });
  }

  const constraint = typeof shape.constraint_name === 'string' ? shape.constraint_name : undefined;
  const constraintKind = CONSTRAINT_KINDS[code];
  if (constraintKind) {
    return new SqlError('constraint', message, { sqlState: code, constraint, constraintKind, cause: error });
  }
  if (code.startsWith('08') || UNAVAILABLE_STATES.has(code)) {
    return new SqlError('unavailable', message, { sqlState: code, cause: error });
  }
  if (code === '40001' || code === '40P01') return new SqlError('conflict', message, { sqlState: code, cause: error });
  // 57014 query_canceled: our own cancel after an abort normally wins the race, but a
  // statement_timeout set on the server lands here too.
  if (code === '57014') return new SqlError('timeout', message, { sqlState: code, cause: error });
  if (code.startsWith('22')) return new SqlError('invalid_input', message, { sqlState: code, cause: error });
  // Class 42 (syntax, undefined table or column, permissions) is a bug in our SQL, not Postgres failing.
  const kind = code.startsWith('42') ? 'local' : 'dependency';
  return new SqlError('query', message, { sqlState: code, kind, cause: error });
}
