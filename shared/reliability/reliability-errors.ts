/**
 * Errors raised by the reliability layer. Each has a stable `code` so the error handler can
 * map it to a status (503, 504) without string matching, and logs can be grouped.
 */

/** Dependencies with a policy. */
export type DependencyName = 'postgres' | 'redis' | 'kafka' | 's3';

/** Why a dependency call was refused without reaching the dependency. */
export type UnavailableReason = 'circuit_open' | 'bulkhead_full';

/** The dependency is known to be unhealthy or saturated: fail fast (maps to 503). */
export class DependencyUnavailableError extends Error {
  readonly code = 'DEPENDENCY_UNAVAILABLE';
  readonly dependency: DependencyName;
  readonly reason: UnavailableReason;
  /** Seconds after which a retry might succeed (for `Retry-After`). */
  readonly retryAfterSeconds: number;
  constructor(dependency: DependencyName, reason: UnavailableReason, retryAfterSeconds: number, options?: ErrorOptions) {
    super(`${dependency} unavailable (${reason.replace('_', ' ')})`, options);
    this.name = 'DependencyUnavailableError';
    this.dependency = dependency;
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** One attempt took longer than the dependency's attempt timeout (maps to 503). */
export class DependencyTimeoutError extends Error {
  readonly code = 'DEPENDENCY_TIMEOUT';
  readonly dependency: DependencyName;
  readonly timeoutMs: number;
  constructor(dependency: DependencyName, timeoutMs: number, options?: ErrorOptions) {
    super(`${dependency} call timed out after ${timeoutMs} ms`, options);
    this.name = 'DependencyTimeoutError';
    this.dependency = dependency;
    this.timeoutMs = timeoutMs;
  }
}

/** The unit of work's deadline passed (maps to 504). Also the abort reason of deadline signals. */
export class DeadlineExceededError extends Error {
  readonly code = 'DEADLINE_EXCEEDED';
  /** The budget the work had, in ms. */
  readonly budgetMs: number;
  constructor(budgetMs: number, options?: ErrorOptions) {
    super(`deadline of ${budgetMs} ms exceeded`, options);
    this.name = 'DeadlineExceededError';
    this.budgetMs = budgetMs;
  }
}

/**
 * The invocation used up its subrequest limit (ADR 0024): the dependency call is refused
 * without being made, as Workers throw "Too many subrequests". Maps to 500: retrying the same
 * request would make the same calls again.
 */
export class SubrequestLimitExceededError extends Error {
  readonly code = 'SUBREQUEST_LIMIT_EXCEEDED';
  /** Dependency calls the invocation may make. */
  readonly limit: number;
  /** The dependency whose call was refused. */
  readonly dependency: DependencyName;
  constructor(limit: number, dependency: DependencyName) {
    super(`Too many subrequests: this invocation may make ${limit} dependency calls (refused a ${dependency} call)`);
    this.name = 'SubrequestLimitExceededError';
    this.limit = limit;
    this.dependency = dependency;
  }
}

/** The caller gave up (aborted its signal for a reason other than a deadline). */
export class OperationCancelledError extends Error {
  readonly code = 'CANCELLED';
  constructor(message = 'operation cancelled by the caller', options?: ErrorOptions) {
    super(message, options);
    this.name = 'OperationCancelledError';
  }
}

/**
 * An error that the caller's own work threw inside a dependency call, e.g. a Kafka publish that
 * failed inside a Postgres transaction (the outbox relay). It says nothing about the dependency
 * around it, so that dependency's policy neither counts it against its breaker nor retries it;
 * the guard unwraps it before the caller sees it (`original`).
 */
export class ForeignWorkError extends Error {
  readonly code = 'FOREIGN_WORK';
  readonly original: unknown;
  constructor(original: unknown) {
    super('the work inside the dependency call failed', { cause: original });
    this.name = 'ForeignWorkError';
    this.original = original;
  }
}

/**
 * The error to throw when `signal` has aborted: its reason if that is an `Error` (e.g. a
 * {@link DeadlineExceededError}), otherwise an {@link OperationCancelledError}.
 */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof DeadlineExceededError || reason instanceof OperationCancelledError) return reason;
  return new OperationCancelledError(undefined, { cause: reason });
}
