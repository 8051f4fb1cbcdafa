import type { TimelinePosition } from '../model/timeline-entry.ts';

/**
 * What an opaque timeline cursor carries: the last entry served and how many entries the
 * reader has been served so far (so the 800-entry cap holds across pages and strategies).
 */
export interface TimelineCursor {
  readonly after: TimelinePosition;
  readonly served: number;
}

/** Raised for a cursor that was not produced by {@link encodeCursor}; a 400 for clients. */
export class CursorError extends Error {
  readonly code = 'invalid_cursor';
  constructor(message = 'Invalid cursor') {
    super(message);
    this.name = 'CursorError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const VERSION = 't1';
/** A cursor is short; anything longer is not ours (and not worth decoding). */
export const MAX_CURSOR_LENGTH = 120;

function toBase64Url(text: string): string {
  return btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new CursorError();
  const padded = text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4);
  try {
    return atob(padded);
  } catch {
    throw new CursorError();
  }
}

/**
 * Encodes a cursor as an opaque base64url token. Clients must not parse it: its layout may
 * change (the version prefix lets a future layout reject old tokens cleanly).
 */
export function encodeCursor(cursor: TimelineCursor): string {
  const { after, served } = cursor;
  return toBase64Url(`${VERSION}.${after.score.toString(36)}.${after.postId}.${served.toString(36)}`);
}

/**
 * Decodes a token made by {@link encodeCursor}.
 * @throws CursorError for anything else (wrong alphabet, version, score, id or count).
 */
export function decodeCursor(token: string): TimelineCursor {
  if (token.length === 0 || token.length > MAX_CURSOR_LENGTH) throw new CursorError();
  const parts = fromBase64Url(token).split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new CursorError();
  const [, scoreText = '', postId = '', servedText = ''] = parts;
  const score = parseBase36(scoreText);
  const served = parseBase36(servedText);
  if (!UUID.test(postId)) throw new CursorError();
  return { after: { score, postId }, served };
}

/** True when `token` decodes; for schema refinements. */
export function isValidCursor(token: string): boolean {
  try {
    decodeCursor(token);
    return true;
  } catch {
    return false;
  }
}

function parseBase36(text: string): number {
  if (!/^[0-9a-z]{1,11}$/.test(text)) throw new CursorError();
  const value = parseInt(text, 36);
  if (!Number.isSafeInteger(value)) throw new CursorError();
  return value;
}
