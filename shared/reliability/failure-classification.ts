import { isBrokenCircuitError, isBulkheadRejectedError, isTaskCancelledError } from 'cockatiel';
import {
  DeadlineExceededError,
  DependencyTimeoutError,
  ForeignWorkError,
  DependencyUnavailableError,
  OperationCancelledError,
  SubrequestLimitExceededError,
} from './reliability-errors.ts';
import { failureKindOf } from './failure-kind.ts';
import type { FailureKind } from './failure-kind.ts';

/**
 * Classifies an error thrown by a dependency call. The layer's own errors (a deadline, an open
 * breaker, a full bulkhead, an attempt timeout) it knows itself; a port's error carries its
 * kind, set by the adapter that mapped its client library's error (`failureKindOf`). This module
 * knows no client library: what a library's error means is its adapter's to say.
 */
export function classifyFailure(error: unknown): FailureKind {
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
  const ofPort = failureKindOf(error);
  if (ofPort) return ofPort;
  // Bugs in our own code say nothing about the dependency's health.
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return 'local';
  return 'dependency';
}

/** Whether the failure counts against the dependency's circuit breaker. */
export function countsAgainstBreaker(kind: FailureKind): boolean {
  return kind === 'transient' || kind === 'dependency';
}
