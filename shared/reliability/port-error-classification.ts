import type { FailureKind } from './failure-kind.ts';

/**
 * How the ports' own errors (`SqlError`, `RedisError`, `KafkaError`, `ObjectStoreError`) count,
 * by their `code`. Matched by `name` and `code`, not `instanceof`: bundles may hold two copies
 * of a class, and this module must not import the ports. A port's `transient: false` alone
 * says "do not retry", not "the dependency failed": a caller's cancellation (`aborted`), our
 * own bug (`command`, `query` on a missing table) or a rejected value (`constraint`) must never
 * open the breaker that protects everyone else's calls.
 */
const PORT_ERROR_KINDS: Readonly<Record<string, Readonly<Record<string, FailureKind>>>> = {
  SqlError: {
    unavailable: 'transient',
    conflict: 'transient',
    timeout: 'transient',
    aborted: 'local',
    constraint: 'caller',
    invalid_input: 'caller',
    // `query` depends on the SQLSTATE: see below.
  },
  RedisError: {
    unavailable: 'transient',
    timeout: 'transient',
    aborted: 'local',
    command: 'local',
    // A refused token or an unreadable answer: every call fails the same way, so fail fast.
    auth: 'dependency',
    protocol: 'dependency',
  },
  KafkaError: { unavailable: 'transient', timeout: 'transient', aborted: 'local' },
  ObjectStoreError: {
    unavailable: 'transient',
    timeout: 'transient',
    aborted: 'local',
    invalid_body: 'caller',
    // A missing bucket or refused credentials: misconfiguration, every call fails: fail fast.
    not_found: 'dependency',
    denied: 'dependency',
  },
};

function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * The failure kind of a port error, or `undefined` when `error` is not one (or its code is not
 * known here, e.g. a newer code: the generic rules then decide).
 */
export function classifyPortError(error: unknown): FailureKind | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  if (error.name === 'SqlError' && code === 'query') {
    // Class 42 (syntax, undefined table/column, permissions) is a bug in our SQL.
    const sqlState = (error as { sqlState?: unknown }).sqlState;
    return typeof sqlState === 'string' && sqlState.startsWith('42') ? 'local' : 'dependency';
  }
  if (error.name === 'ObjectStoreError' && code === 'unavailable') {
    // The adapter maps every other status to `unavailable`; a 4xx (other than 408/429) is our request's fault.
    const status = httpStatusOf(error.cause);
    if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) return 'caller';
  }
  return PORT_ERROR_KINDS[error.name]?.[code];
}
