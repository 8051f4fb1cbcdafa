import { RedisError } from './redis-error.ts';
import type { RedisReply, RedisScoredMember } from './redis.port.ts';

/*
 * Argument checks and reply decoders shared by both adapters. A bad argument is a bug in the
 * caller, reported as a `command` RedisError before anything is sent; a reply of the wrong
 * shape means the server (or the REST endpoint) is not what we think: `protocol`.
 */

/** Checks an integer argument, returning it as a Redis argument string. */
export function integerArg(name: string, value: number, min: number = Number.MIN_SAFE_INTEGER): string {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RedisError('command', `${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return String(value);
}

/** Formats a score bound: `+inf`/`-inf` for infinities, `(` prefix when exclusive. */
export function scoreArg(value: number, exclusive = false): string {
  if (Number.isNaN(value)) throw new RedisError('command', 'score must be a number, got NaN');
  const text = value === Infinity ? '+inf' : value === -Infinity ? '-inf' : String(value);
  return exclusive ? `(${text}` : text;
}

function protocolError(command: string, expected: string, reply: RedisReply): RedisError {
  const got = reply === null ? 'null' : Array.isArray(reply) ? 'array' : typeof reply;
  return new RedisError('protocol', `${command}: expected ${expected}, got ${got}`, { command });
}

/** A bulk string or nil. */
export function stringOrNull(command: string, reply: RedisReply): string | null {
  if (reply === null || typeof reply === 'string') return reply;
  throw protocolError(command, 'a string or nil', reply);
}

/** An integer reply. */
export function integer(command: string, reply: RedisReply): number {
  if (typeof reply === 'number') return reply;
  throw protocolError(command, 'an integer', reply);
}

/** An array of bulk strings (nil entries kept as `null`). */
export function stringsOrNulls(command: string, reply: RedisReply): (string | null)[] {
  if (!Array.isArray(reply)) throw protocolError(command, 'an array', reply);
  return reply.map((item) => stringOrNull(command, item));
}

/** An array of bulk strings without nils (LRANGE). */
export function strings(command: string, reply: RedisReply): string[] {
  if (!Array.isArray(reply)) throw protocolError(command, 'an array', reply);
  return reply.map((item) => {
    if (typeof item === 'string') return item;
    throw protocolError(command, 'an array of strings', item);
  });
}

/** Redis prints doubles as text, with `inf`/`-inf` for the infinities. */
function parseScore(command: string, text: string): number {
  if (text === 'inf' || text === '+inf') return Infinity;
  if (text === '-inf') return -Infinity;
  const score = Number(text);
  if (Number.isNaN(score)) throw new RedisError('protocol', `${command}: score is not a number`, { command });
  return score;
}

/** A flat `[member, score, member, score...]` array (`WITHSCORES`). */
export function scoredMembers(command: string, reply: RedisReply): RedisScoredMember[] {
  const flat = strings(command, reply);
  if (flat.length % 2 !== 0) throw protocolError(command, 'member/score pairs', reply);
  const members: RedisScoredMember[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    members.push({ member: flat[i] as string, score: parseScore(command, flat[i + 1] as string) });
  }
  return members;
}
