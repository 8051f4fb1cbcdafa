import type { FailureKind } from '../reliability/failure-kind.ts';

/**
 * Why a Redis call failed, in terms the reliability layer can act on:
 * - `unavailable`: Redis (or the REST endpoint in front of it) cannot be reached, refused the
 *   connection, dropped it, or answered a transient server state (LOADING, BUSY...). Retryable
 *   for idempotent calls; counts against the breaker.
 * - `timeout`: the caller's deadline (a signal aborted with a `TimeoutError`) or the client's
 *   own command timeout expired first. The command may still have run.
 * - `aborted`: the caller cancelled for another reason (client went away). Not Redis' fault.
 * - `command`: Redis answered with an error reply (WRONGTYPE, not an integer, script error...):
 *   a bug or bad data; retrying cannot help.
 * - `auth`: the REST token (or Redis password) was refused: misconfiguration.
 * - `protocol`: an answer the adapter cannot read (not JSON, wrong shape).
 */
export type RedisErrorCode = 'unavailable' | 'timeout' | 'aborted' | 'command' | 'auth' | 'protocol';

const TRANSIENT: ReadonlySet<RedisErrorCode> = new Set(['unavailable', 'timeout']);

/**
 * The failure kind of each code. A caller's cancellation (`aborted`) or our own bug (`command`:
 * WRONGTYPE, a script error) must never open the breaker that protects everyone else's calls;
 * a refused token or an unreadable answer fails every call the same way, so fail fast.
 */
const KIND_OF_CODE: Readonly<Record<RedisErrorCode, FailureKind>> = {
  unavailable: 'transient',
  timeout: 'transient',
  aborted: 'local',
  command: 'local',
  auth: 'dependency',
  protocol: 'dependency',
};

/** Options of {@link RedisError}. */
export interface RedisErrorOptions {
  /** The Redis command that failed (`GET`, `EVALSHA`...), never its keys or values. */
  readonly command?: string;
  readonly cause?: unknown;
}

/** The only error type the Redis port throws. */
export class RedisError extends Error {
  readonly code: RedisErrorCode;
  /** True when retrying the same call later may succeed (the reliability layer's filter). */
  readonly transient: boolean;
  /** The Redis command that failed, when known. */
  readonly command: string | undefined;
  /** How the reliability layer treats it: retried, counted against the breaker, or neither. */
  readonly kind: FailureKind;

  constructor(code: RedisErrorCode, message: string, options: RedisErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'RedisError';
    this.code = code;
    this.transient = TRANSIENT.has(code);
    this.command = options.command;
    this.kind = KIND_OF_CODE[code];
  }
}

/** Type guard usable across module copies (bundles may hold two copies of this class). */
export function isRedisError(error: unknown): error is RedisError {
  return error instanceof RedisError || (error instanceof Error && error.name === 'RedisError' && 'code' in error);
}

/** The error for a call stopped by its signal: `timeout` when the reason is a TimeoutError. */
export function redisErrorFromAbort(signal: AbortSignal, command?: string): RedisError {
  const reason: unknown = signal.reason;
  const timedOut = reason instanceof Error && reason.name === 'TimeoutError';
  return new RedisError(timedOut ? 'timeout' : 'aborted', timedOut ? 'Redis call timed out' : 'Redis call aborted', {
    command,
    cause: reason,
  });
}

/**
 * Error-reply prefixes that describe a passing server state rather than a bad command.
 * `UNAVAILABLE` is the local REST endpoint's answer when it cannot reach Redis (ADR 0004).
 */
const TRANSIENT_REPLY_PREFIXES = ['LOADING', 'BUSY', 'MASTERDOWN', 'TRYAGAIN', 'CLUSTERDOWN', 'UNAVAILABLE'];
const AUTH_REPLY_PREFIXES = ['NOAUTH', 'WRONGPASS', 'NOPERM', 'Unauthorized'];

/**
 * Maps the text of a Redis error reply (`WRONGTYPE Operation against...`) to a code. Both
 * adapters use it, so the same server answer gives the same code over TCP and over REST.
 */
export function codeOfErrorReply(message: string): RedisErrorCode {
  const prefix = message.split(/[\s,]/, 1)[0] ?? '';
  if (TRANSIENT_REPLY_PREFIXES.includes(prefix)) return 'unavailable';
  if (AUTH_REPLY_PREFIXES.includes(prefix)) return 'auth';
  return 'command';
}
