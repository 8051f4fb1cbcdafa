import { isBrokenCircuitError, isBulkheadRejectedError, isTaskCancelledError } from 'cockatiel';
import {
  DeadlineExceededError,
  DependencyTimeoutError,
  ForeignWorkError,
  DependencyUnavailableError,
  OperationCancelledError,
  SubrequestLimitExceededError,
} from './reliability-errors.ts';
import type { FailureKind } from './failure-kind.ts';
import { classifyPortError } from './port-error-classification.ts';

/** A dependency-specific classifier; `undefined` defers to {@link classifyFailure}'s rules. */
export type FailureClassifier = (error: unknown) => FailureKind | undefined;

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  // postgres.js connection errors
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

const CALLER_CODES = new Set(['NOT_FOUND', 'VALIDATION_FAILED', 'CONFLICT', 'FORBIDDEN', 'UNAUTHORIZED', 'BAD_REQUEST']);

function statusOf(error: object): number | undefined {
  const candidate = error as { status?: unknown; statusCode?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const status = candidate.status ?? candidate.statusCode ?? candidate.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Classifies an error thrown by a dependency call. `extra` (the dependency's own classifier,
 * e.g. SQLSTATE rules for Postgres) is consulted first.
 */
export function classifyFailure(error: unknown, extra?: FailureClassifier): FailureKind {
  const specific = extra?.(error);
  if (specific) return specific;
  if (
    error instanceof DependencyUnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof OperationCancelledError ||
    error instanceof ForeignWorkError ||
    // The invocation's own budget ran out: the dependency was never called.
    error instanceof SubrequestLimitExceededError
  ) {
    return 'local';
  }
  // cockatiel's own rejections: an open breaker or a full bulkhead is not a dependency failure.
  if (isBrokenCircuitError(error) || isBulkheadRejectedError(error) || isTaskCancelledError(error)) return 'local';
  if (error instanceof DependencyTimeoutError) return 'transient';
  if (typeof error !== 'object' || error === null) return 'dependency';
  // The ports' own errors say precisely what went wrong: their code decides.
  const ofPort = classifyPortError(error);
  if (ofPort) return ofPort;
  const explicit = (error as { transient?: unknown }).transient;
  if (explicit === true) return 'transient';
  const name = (error as { name?: unknown }).name;
  if (name === 'ZodError' || name === 'ValidationError' || name === 'NotFoundError') return 'caller';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && CALLER_CODES.has(code)) return 'caller';
  const status = statusOf(error);
  if (status !== undefined) {
    if (status === 408 || status === 429 || status >= 500) return 'transient';
    if (status >= 400) return 'caller';
  }
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return 'transient';
  if (explicit === false) return 'dependency';
  // fetch() wraps network failures as `TypeError('fetch failed', { cause })`.
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && cause !== error && classifyFailure(cause) === 'transient') return 'transient';
  if (error instanceof TypeError && error.message === 'fetch failed') return 'transient';
  // Bugs in our own code say nothing about the dependency's health.
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return 'local';
  return 'dependency';
}

/** Whether the failure counts against the dependency's circuit breaker. */
export function countsAgainstBreaker(kind: FailureKind): boolean {
  return kind === 'transient' || kind === 'dependency';
}
