import type { FailureKind } from '../reliability/failure-kind.ts';

/**
 * Why an SQL call failed, in terms callers can act on:
 * - `unavailable`: the server cannot be reached or refused the connection (retryable, 503);
 * - `timeout`: the caller's deadline expired before the answer (504);
 * - `aborted`: the caller cancelled for another reason (client went away);
 * - `constraint`: a unique / foreign key / check / not-null constraint rejected the write (4xx);
 * - `invalid_input`: the server rejected a value (bad uuid, out of range...) (400);
 * - `conflict`: serialization failure or deadlock; safe to retry the whole transaction;
 * - `query`: anything else (a bug in the SQL, a missing table...) (500).
 */
export type SqlErrorCode = 'unavailable' | 'timeout' | 'aborted' | 'constraint' | 'invalid_input' | 'conflict' | 'query';

/** Which constraint kind rejected a write, when `code` is `constraint`. */
export type SqlConstraintKind = 'unique' | 'foreign_key' | 'check' | 'not_null' | 'exclusion';

/** Options of {@link SqlError}. */
export interface SqlErrorOptions {
  readonly sqlState?: string;
  readonly constraint?: string;
  readonly constraintKind?: SqlConstraintKind;
  /** How the reliability layer treats it, when the code alone does not say (default: by code). */
  readonly kind?: FailureKind;
  readonly cause?: unknown;
}

const TRANSIENT: ReadonlySet<SqlErrorCode> = new Set(['unavailable', 'conflict']);

/**
 * The failure kind of each code. `transient: false` alone says "do not retry", not "Postgres
 * failed": a caller's cancellation (`aborted`) or a rejected value (`constraint`) must never
 * open the breaker that protects everyone else's calls. `query` is Postgres failing unless the
 * adapter knows better (SQLSTATE class 42: a bug in our SQL, `local`).
 */
const KIND_OF_CODE: Readonly<Record<SqlErrorCode, FailureKind>> = {
  unavailable: 'transient',
  conflict: 'transient',
  timeout: 'transient',
  aborted: 'local',
  constraint: 'caller',
  invalid_input: 'caller',
  query: 'dependency',
};

/** The only error type the SQL port throws. */
export class SqlError extends Error {
  readonly code: SqlErrorCode;
  /** True when retrying the same call later may succeed (the reliability layer's filter). */
  readonly transient: boolean;
  /** Postgres SQLSTATE, when the server answered. */
  readonly sqlState: string | undefined;
  /** Name of the violated constraint (e.g. `users_handle_key`), when `code` is `constraint`. */
  readonly constraint: string | undefined;
  readonly constraintKind: SqlConstraintKind | undefined;
  /** How the reliability layer treats it: retried, counted against the breaker, or neither. */
  readonly kind: FailureKind;

  constructor(code: SqlErrorCode, message: string, options: SqlErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'SqlError';
    this.code = code;
    this.transient = TRANSIENT.has(code);
    this.sqlState = options.sqlState;
    this.constraint = options.constraint;
    this.constraintKind = options.constraintKind;
    this.kind = options.kind ?? KIND_OF_CODE[code];
  }
}

/** Type guard usable across module copies (bundles may hold two copies of this class). */
export function isSqlError(error: unknown): error is SqlError {
  return error instanceof SqlError || (error instanceof Error && error.name === 'SqlError' && 'code' in error);
}

/**
 * True when `error` is a constraint violation of `kind` (and of the constraint named
 * `constraint`, when given): how repositories turn an expected conflict into a result.
 */
export function isConstraintViolation(error: unknown, kind: SqlConstraintKind, constraint?: string): error is SqlError {
  return isSqlError(error) && error.constraintKind === kind && (constraint === undefined || error.constraint === constraint);
}

/** The error for a call stopped by its signal: `timeout` when the reason is a TimeoutError. */
export function sqlErrorFromAbort(signal: AbortSignal): SqlError {
  const reason: unknown = signal.reason;
  const timedOut = reason instanceof Error && reason.name === 'TimeoutError';
  return new SqlError(timedOut ? 'timeout' : 'aborted', timedOut ? 'SQL call timed out' : 'SQL call aborted', {
    cause: reason,
  });
}
