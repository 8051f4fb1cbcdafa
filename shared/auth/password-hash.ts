/**
 * Password hashing with PBKDF2-HMAC-SHA-256 through Web Crypto (ADR 0025): native code on Node
 * and workerd alike, no package, no `node:*` import. Stored form (one text column):
 *
 *   pbkdf2-sha256$<iterations>$<salt, base64url>$<derived key, base64url>
 *
 * The algorithm and its cost travel with every hash, so the cost can be raised (or the
 * algorithm changed) later without invalidating stored passwords.
 */

/** OWASP Password Storage Cheat Sheet: PBKDF2-HMAC-SHA-256 with at least 600 000 iterations. */
export const PASSWORD_ITERATIONS = 600_000;
/** Passwords shorter than this are refused at sign-up (NIST SP 800-63B asks for at least 8). */
export const PASSWORD_MIN_LENGTH = 8;
/** Upper bound, so a client cannot make the server hash megabytes per request. */
export const PASSWORD_MAX_LENGTH = 128;

const SCHEME = 'pbkdf2-sha256';
const SALT_BYTES = 16;
const KEY_BITS = 256;
/** A stored hash asking for more than this is refused unhashed: nobody should be able to plant a 10^9-iteration hash. */
const MAX_ITERATIONS = 10_000_000;
const encoder = new TextEncoder();

/** Options of {@link hashPassword}. */
export interface HashPasswordOptions {
  /** Cost; default {@link PASSWORD_ITERATIONS}. Lower only in tests of this module. */
  readonly iterations?: number;
}

/** Hashes `password` with a fresh random salt; resolves the stored form. */
export async function hashPassword(password: string, options: HashPasswordOptions = {}): Promise<string> {
  const { iterations = PASSWORD_ITERATIONS } = options;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
    throw new RangeError(`hashPassword: iterations must be an integer in 1..${MAX_ITERATIONS}`);
  }
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const derived = await derive(password, salt, iterations);
  return [SCHEME, String(iterations), toBase64Url(salt), toBase64Url(derived)].join('$');
}

/**
 * Whether `password` matches `stored`. A malformed stored hash verifies as `false` (after the
 * same work as a real check when its cost is readable), never as an exception a caller could
 * turn into a different answer. Derived keys are compared in constant time.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  if (!parsed) {
    await derive(password, new Uint8Array(SALT_BYTES), PASSWORD_ITERATIONS);
    return false;
  }
  const derived = await derive(password, parsed.salt, parsed.iterations);
  return constantTimeEqual(derived, parsed.key);
}

/**
 * A hash of a password nobody knows, at the current cost: login verifies against it when the
 * handle does not exist (or has no password), so an unknown handle costs the same time as a
 * wrong password and the answer cannot tell them apart. Fixed text, so no first request pays
 * for making it and no promise is shared between requests (workerd forbids that).
 */
export const DUMMY_PASSWORD_HASH = 'pbkdf2-sha256$600000$C3L27BvQ1bx3F2UwiqkIFg$aKWPL832h_8jefzRMTlWAFVnKRvV8yhGuhH3QIJMLpU';

/** Whether a stored hash is below today's cost (re-hash it at the next successful login). */
export function needsRehash(stored: string): boolean {
  const parsed = parseStored(stored);
  return !parsed || parsed.iterations < PASSWORD_ITERATIONS;
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, KEY_BITS);
  return new Uint8Array(bits);
}

function parseStored(stored: string): { iterations: number; salt: Uint8Array; key: Uint8Array } | undefined {
  const [scheme, cost, salt, key, ...rest] = stored.split('$');
  if (scheme !== SCHEME || rest.length > 0 || !cost || !salt || !key || !/^\d{1,8}$/.test(cost)) return undefined;
  const iterations = Number(cost);
  if (iterations < 1 || iterations > MAX_ITERATIONS) return undefined;
  const saltBytes = fromBase64Url(salt);
  const keyBytes = fromBase64Url(key);
  if (!saltBytes || !keyBytes || keyBytes.byteLength !== KEY_BITS / 8) return undefined;
  return { iterations, salt: saltBytes, key: keyBytes };
}

/** Compares every byte whatever the first difference, so timing does not leak where it is. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let difference = 0;
  for (let i = 0; i < a.byteLength; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}
