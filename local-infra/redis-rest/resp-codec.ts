/**
 * RESP2, the Redis wire protocol, for the REST endpoint's own connections. A proxy needs the
 * server's replies untouched (bytes, not decoded text; flat arrays, not objects), which client
 * libraries do not give: ioredis turns HGETALL into an object, for instance (ADR 0004).
 */

/** An error reply (`-ERR ...`), kept apart from strings so it can become `{ error }`. */
export class RespErrorReply {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

/**
 * A decoded reply: simple strings (`+OK`) as `string`, bulk strings as `Buffer` (binary-safe),
 * integers as `number`, nil as `null`.
 */
export type RespReply = string | Buffer | number | null | RespErrorReply | RespReply[];

const CRLF = '\r\n';

/** Encodes commands as RESP arrays of bulk strings, all into one buffer (one socket write). */
export function encodeCommands(commands: readonly (readonly string[])[]): Buffer {
  let text = '';
  for (const argv of commands) {
    text += `*${argv.length}${CRLF}`;
    for (const arg of argv) text += `$${Buffer.byteLength(arg)}${CRLF}${arg}${CRLF}`;
  }
  return Buffer.from(text);
}

/** Returned by the parse steps when the buffer ends mid-reply. */
const INCOMPLETE = Symbol('incomplete');

/** Raised when the server sends bytes that are not RESP2. */
export class RespProtocolError extends Error {
  readonly code = 'protocol';
}

/** Incremental RESP2 parser: feed socket chunks, get whole replies in order. */
export class RespParser {
  #buffer: Buffer | undefined;
  #pos = 0;

  /** Parses every complete reply in `chunk` (plus leftovers) and keeps the incomplete tail. */
  feed(chunk: Buffer, onReply: (reply: RespReply) => void): void {
    const buffer = this.#buffer ? Buffer.concat([this.#buffer, chunk]) : chunk;
    let start = 0;
    while (start < buffer.length) {
      this.#pos = start;
      const reply = this.#parse(buffer);
      if (reply === INCOMPLETE) break;
      start = this.#pos;
      onReply(reply);
    }
    this.#buffer = start < buffer.length ? buffer.subarray(start) : undefined;
  }

  #line(buffer: Buffer): string | typeof INCOMPLETE {
    const end = buffer.indexOf(13, this.#pos);
    if (end === -1 || end + 1 >= buffer.length) return INCOMPLETE;
    const line = buffer.toString('utf8', this.#pos, end);
    this.#pos = end + 2;
    return line;
  }

  #parse(buffer: Buffer): RespReply | typeof INCOMPLETE {
    if (this.#pos >= buffer.length) return INCOMPLETE;
    const type = buffer[this.#pos++];
    const line = this.#line(buffer);
    if (line === INCOMPLETE) return INCOMPLETE;
    switch (type) {
      case 43: // '+' simple string
        return line;
      case 45: // '-' error
        return new RespErrorReply(line);
      case 58: // ':' integer
        return Number(line);
      case 36: {
        // '$' bulk string
        const length = Number(line);
        if (length < 0) return null;
        const end = this.#pos + length;
        if (end + 2 > buffer.length) return INCOMPLETE;
        const value = buffer.subarray(this.#pos, end);
        this.#pos = end + 2;
        return value;
      }
      case 42: {
        // '*' array
        const count = Number(line);
        if (count < 0) return null;
        const items: RespReply[] = new Array<RespReply>(count);
        for (let i = 0; i < count; i++) {
          const item = this.#parse(buffer);
          if (item === INCOMPLETE) return INCOMPLETE;
          items[i] = item;
        }
        return items;
      }
      default:
        throw new RespProtocolError(`Unexpected RESP type byte ${String(type)}`);
    }
  }
}
