import { RedisError, codeOfErrorReply, isRedisError, redisErrorFromAbort } from '../redis-error.ts';

/**
 * Maps what ioredis threw to the port's error, whose code tells the reliability layer how to
 * treat it: error replies by their prefix (`codeOfErrorReply`), the client's own command
 * timeout as `timeout`, and everything else (a refused, closed or unwritable connection) as
 * `unavailable`, built by `unavailable` so the message names the connection's last error.
 */
export function toRedisError(
  error: unknown,
  command: string | undefined,
  signal: AbortSignal | undefined,
  unavailable: (command: string | undefined) => RedisError,
): RedisError {
  if (isRedisError(error)) return error;
  if (signal?.aborted) return redisErrorFromAbort(signal, command);
  if (error instanceof Error && error.name === 'ReplyError') {
    return new RedisError(codeOfErrorReply(error.message), error.message, { command, cause: error });
  }
  if (error instanceof Error && error.message === 'Command timed out') {
    return new RedisError('timeout', 'Redis command timed out', { command, cause: error });
  }
  // "Stream isn't writeable", "Connection is closed.", MaxRetriesPerRequestError, ECONNREFUSED...
  const mapped = unavailable(command);
  return error instanceof Error ? new RedisError('unavailable', `${mapped.message}: ${error.message}`, { command, cause: error }) : mapped;
}
