/**
 * How a failed dependency call is treated (ADR 0007):
 * - `transient`: the dependency failed in a way that may pass (connection refused, timeout,
 *   5xx, serialization failure). Counts against the breaker; retried if the operation is
 *   idempotent and the budget allows.
 * - `dependency`: the dependency failed and retrying is pointless (unknown error kinds).
 *   Counts against the breaker, never retried.
 * - `caller`: the request was wrong (4xx, validation, not found, constraint violation). Never
 *   trips a breaker, never retried: the dependency answered correctly.
 * - `local`: not the dependency's doing (our own cancellation, deadline, bulkhead rejection,
 *   an open breaker, programming errors). Neither counted nor retried.
 */
export type FailureKind = 'transient' | 'dependency' | 'caller' | 'local';

const FAILURE_KINDS: ReadonlySet<unknown> = new Set<FailureKind>(['transient', 'dependency', 'caller', 'local']);

/**
 * The failure kind a port error carries (its `kind`, set by the adapter that mapped its
 * library's error), or `undefined` when `error` carries none. Read as a property, not by
 * `instanceof`: bundles may hold two copies of a port's error class.
 */
export function failureKindOf(error: unknown): FailureKind | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const kind = (error as { kind?: unknown }).kind;
  return FAILURE_KINDS.has(kind) ? (kind as FailureKind) : undefined;
}
