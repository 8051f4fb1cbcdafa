/**
 * HS256 keys imported once per secret. `hono/jwt` imports a string secret into a `CryptoKey` on
 * every call; on the timeline read path that import was ~10% of a worker's CPU (profiled under
 * `npm run bench:timeline`). A `CryptoKey` holds no I/O, so keeping it at module scope is safe on
 * workerd too. Secrets are few (one per deployment), so the cache stays tiny.
 *
 * Only IMPORTED keys are cached, never the in-flight import: on workerd a promise made by one
 * request must not be awaited by another (ADR 0005), and concurrent first requests would all
 * await the first one's. Those few first requests each import; later ones reuse the key.
 */
/** `CryptoKey` as both runtimes' type definitions spell it (a value-only global in @types/node). */
type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

const keys = new Map<string, HmacKey>();
const encoder = new TextEncoder();

/** The HMAC-SHA-256 key of `secret`, usable to sign and verify. */
export async function hmacKey(secret: string): Promise<HmacKey> {
  const cached = keys.get(secret);
  if (cached) return cached;
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  keys.set(secret, key);
  return key;
}
