/**
 * HS256 keys imported once per secret. `hono/jwt` imports a string secret into a `CryptoKey` on
 * every call; on the timeline read path that import was ~10% of a worker's CPU (profiled under
 * `npm run bench:timeline`). A `CryptoKey` holds no I/O, so keeping it at module scope is safe on
 * workerd too. Secrets are few (one per deployment), so the cache stays tiny.
 */
/** `CryptoKey` as both runtimes' type definitions spell it (a value-only global in @types/node). */
type HmacKey = ReturnType<typeof crypto.subtle.importKey>;

const keys = new Map<string, HmacKey>();
const encoder = new TextEncoder();

/** The HMAC-SHA-256 key of `secret`, usable to sign and verify. */
export function hmacKey(secret: string): HmacKey {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    // A failed import must not be cached for ever.
    key.catch(() => keys.delete(secret));
    keys.set(secret, key);
  }
  return key;
}
