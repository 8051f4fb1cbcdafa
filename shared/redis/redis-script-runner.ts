import { RedisError, isRedisError } from './redis-error.ts';
import type { RedisReply } from './redis.port.ts';

/** Sends one command; the shape of `RedisCommandTransport.send`. */
type Send = (argv: readonly string[], signal: AbortSignal | undefined) => Promise<RedisReply>;

/** Runs Lua scripts by SHA-1 and loads them on first use. */
export type ScriptRunner = (
  script: string,
  keys: readonly string[],
  args: readonly string[],
  signal: AbortSignal | undefined,
) => Promise<RedisReply>;

/** Hex SHA-1 of the script text, with Web Crypto (works on Node and workerd). */
async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function isNoScript(error: unknown): boolean {
  return isRedisError(error) && error.code === 'command' && error.message.startsWith('NOSCRIPT');
}

/**
 * Sends `EVALSHA` (only the 40-byte hash travels, which matters over REST) and falls back to
 * `EVAL` when the server answers NOSCRIPT (first use, or after a restart / `SCRIPT FLUSH`).
 * `EVAL` also caches the script server-side, so the next call's `EVALSHA` succeeds.
 */
export function createScriptRunner(send: Send): ScriptRunner {
  const shas = new Map<string, Promise<string>>();
  return async (script, keys, args, signal) => {
    let sha = shas.get(script);
    if (!sha) {
      sha = sha1Hex(script);
      shas.set(script, sha);
    }
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await send(['EVALSHA', await sha, ...tail], signal);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      return await send(['EVAL', script, ...tail], signal);
    }
  };
}

/** Lua for `pushCapped`: ARGV[1] = max length, ARGV[2..] = values. Atomic by construction. */
export const PUSH_CAPPED_SCRIPT = `
redis.call('LPUSH', KEYS[1], unpack(ARGV, 2))
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[1]) - 1)
return redis.call('LLEN', KEYS[1])
`;

/** Lua for `zadd` with `maxLength`: ARGV[1] = max length, ARGV[2..] = score member pairs. */
export const ZADD_CAPPED_SCRIPT = `
local added = redis.call('ZADD', KEYS[1], unpack(ARGV, 2))
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -tonumber(ARGV[1]) - 1)
return added
`;

/** Lua's `unpack` has a C-stack limit (~8000); stay well below it per call. */
export const MAX_SCRIPT_VALUES = 1000;

/** Rejects batches too large for one `unpack` call. */
export function checkBatchSize(operation: string, size: number): void {
  if (size > MAX_SCRIPT_VALUES) {
    throw new RedisError('command', `${operation} takes at most ${MAX_SCRIPT_VALUES} values per call, got ${size}`);
  }
}
