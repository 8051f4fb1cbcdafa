import { z } from '@hono/zod-openapi';
import { BASE64URL_PATTERN } from './text-constraints.ts';

/**
 * Longest token any codec accepts: far above what the small payloads encode to, so a longer
 * value is not ours and is refused before it is decoded.
 */
export const MAX_CURSOR_LENGTH = 256;

/** Raised for a token that no {@link CursorCodec} of this kind produced; a 400 for clients. */
export class CursorError extends Error {
  readonly code = 'invalid_cursor';
  constructor(message = 'Invalid cursor') {
    super(message);
    this.name = 'CursorError';
  }
}

/** Turns a pagination position into an opaque URL-safe token and back. */
export interface CursorCodec<T> {
  encode(value: T): string;
  /** @throws CursorError for any token this codec did not produce. */
  decode(token: string): T;
  /** True when `token` decodes; for schema refinements. */
  isValid(token: string): boolean;
}

/**
 * A codec whose tokens are base64url (no padding) of the JSON `[version, value]`. Clients must
 * not parse them: the layout may change, and a new `version` rejects old tokens cleanly. The
 * schema is the whole validation, so a decoded value is as trustworthy as a validated request.
 */
export function createCursorCodec<T>(version: string, schema: z.ZodType<T>): CursorCodec<T> {
  const envelope = z.tuple([z.literal(version), schema]);
  const decode = (token: string): T => {
    if (token.length > MAX_CURSOR_LENGTH || !BASE64URL_PATTERN.test(token)) throw new CursorError();
    const parsed = envelope.safeParse(parseJson(fromBase64Url(token)));
    if (!parsed.success) throw new CursorError();
    return parsed.data[1];
  };
  return {
    encode: (value) => toBase64Url(JSON.stringify([version, value])),
    decode,
    isValid(token) {
      try {
        decode(token);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/**
 * The `cursor` query parameter for a codec: a bad token is a 400 from validation, one error per
 * cursor, and the OpenAPI document states the alphabet and length limits.
 */
export function cursorQueryParam(codec: CursorCodec<unknown>) {
  return z
    .string()
    .refine(codec.isValid, 'Invalid cursor')
    .optional()
    .openapi({
      param: { name: 'cursor', in: 'query' },
      minLength: 1,
      maxLength: MAX_CURSOR_LENGTH,
      pattern: BASE64URL_PATTERN.source,
      description: 'Opaque base64url token: the `nextCursor` of the previous page, unchanged (any other value is a 400)',
    });
}

// UTF-8 through bytes: btoa alone refuses characters above U+00FF.
function toBase64Url(text: string): string {
  const binary = Array.from(new TextEncoder().encode(text), (byte) => String.fromCharCode(byte)).join('');
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(token: string): string {
  const padded = token.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (token.length % 4)) % 4);
  try {
    const bytes = Uint8Array.from(atob(padded), (char) => char.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new CursorError();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CursorError();
  }
}
