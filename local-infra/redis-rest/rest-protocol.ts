import { RespErrorReply, type RespReply } from './resp-codec.ts';

/*
 * The Upstash REST protocol's request and response shapes (what `@upstash/redis` 1.39 sends
 * and reads, checked against its source):
 * - request: a JSON array `["SET", "k", "v"]`; `/pipeline` and `/multi-exec` take an array of
 *   those. The client sends numbers and booleans as JSON values; Redis only knows strings.
 * - response: `{ "result": ... }` or `{ "error": "..." }`; batches answer an array of them.
 * - `Upstash-Encoding: base64`: every string in a result (bulk or status, at any depth) is
 *   base64 of its bytes; integers and nil stay as they are; error texts are never encoded.
 *   The client decodes strings recursively (and passes a bare "OK" through as is).
 */

/** A request the endpoint refuses: becomes a 400 (or 413) `{ error }`. */
export class BadRestRequestError extends Error {
  readonly status: number;
  constructor(message: string, status = 400) {
    super(message);
    this.status = status;
  }
}

/** One JSON result entry of a batch. */
export type RestEntry = { result: unknown } | { error: string };

function toArgument(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  throw new BadRestRequestError('ERR command arguments must be strings, numbers or booleans');
}

/** Validates one command array and turns its arguments into strings. */
export function toCommand(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || typeof value[0] !== 'string' || value[0] === '') {
    throw new BadRestRequestError('ERR a command must be a non-empty JSON array starting with the command name');
  }
  return value.map(toArgument);
}

/** Parses a request body as JSON, or explains why it is not. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) throw new BadRestRequestError('ERR empty request body: expected a JSON array');
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new BadRestRequestError('ERR request body is not valid JSON');
  }
}

/** Parses the body of `/pipeline` and `/multi-exec`: a non-empty array of commands. */
export function toCommandBatch(value: unknown): string[][] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new BadRestRequestError('ERR expected a non-empty JSON array of commands');
  }
  return value.map(toCommand);
}

/** Encodes a reply as the JSON value of `result`. */
export function encodeResult(reply: RespReply, base64: boolean): unknown {
  if (reply === null || typeof reply === 'number') return reply;
  if (typeof reply === 'string') return base64 ? Buffer.from(reply).toString('base64') : reply;
  if (Buffer.isBuffer(reply)) return base64 ? reply.toString('base64') : reply.toString('utf8');
  // Only EXEC answers errors nested in arrays, and that is unwrapped by the caller.
  if (reply instanceof RespErrorReply) return reply.message;
  return reply.map((item) => encodeResult(item, base64));
}

/** A reply as a batch entry: `{ error }` for error replies, `{ result }` otherwise. */
export function toEntry(reply: RespReply, base64: boolean): RestEntry {
  return reply instanceof RespErrorReply ? { error: reply.message } : { result: encodeResult(reply, base64) };
}
