import { RedisError, codeOfErrorReply, isRedisError, redisErrorFromAbort } from '../redis-error.ts';

/** Suffix the client appends to errors of non-2xx answers; it would leak keys and values. */
const COMMAND_SUFFIX = ', command was: ';

/**
 * Maps `@upstash/redis` and `fetch` errors to the port's error, whose code tells the
 * reliability layer how to treat it: error replies by their prefix (`codeOfErrorReply`),
 * unreadable answers as `protocol`, and a refused or reset connection (`fetch failed`) as
 * `unavailable`.
 */
export function toRedisError(error: unknown, command: string, signal: AbortSignal | undefined): RedisError {
  if (isRedisError(error)) return error;
  if (signal?.aborted) return redisErrorFromAbort(signal, command);
  if (!(error instanceof Error)) return new RedisError('protocol', 'Unexpected REST failure', { command, cause: error });
  switch (error.name) {
    case 'UpstashError': {
      const at = error.message.lastIndexOf(COMMAND_SUFFIX);
      const message = at === -1 ? error.message : error.message.slice(0, at);
      return new RedisError(codeOfErrorReply(message), message, { command, cause: error });
    }
    case 'UpstashJSONParseError':
      return new RedisError('protocol', 'REST endpoint answered something that is not JSON', { command, cause: error });
    case 'TypeError':
      if (error.message === 'Request did not return a result') {
        return new RedisError('protocol', 'REST endpoint answered without a result', { command, cause: error });
      }
      // fetch() reports refused / reset connections as TypeError('fetch failed', { cause }).
      return new RedisError('unavailable', `REST endpoint is unreachable (${describeCause(error)})`, {
        command,
        cause: error,
      });
    default:
      return new RedisError('unavailable', `REST call failed: ${error.message}`, { command, cause: error });
  }
}

function describeCause(error: Error): string {
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return typeof cause?.message === 'string' ? cause.message : error.message;
}
