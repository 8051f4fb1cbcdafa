/** Limits and timings of the media function (one place, so routes, docs and tests agree). */
export const MEDIA_SETTINGS = {
  /** Largest accepted image: 5 MiB. Bigger uploads get 413 before a byte is stored. */
  maxBytes: 5 * 1024 * 1024,
  /** Lifetime of presigned GET URLs: short, so a leaked URL stops working soon. */
  presignTtlSeconds: 300,
  /** Budget of one upload to the store (a 5 MiB body over loopback takes well under a second). */
  uploadTimeoutMs: 30_000,
  /** Budget of a metadata lookup (HeadObject): a store that hangs must still give a fast 503/504. */
  lookupTimeoutMs: 2_000,
  /** Budget of the best-effort delete after a failed upload. */
  cleanupTimeoutMs: 2_000,
} as const;

/** `Cache-Control` stored with every object: keys are never reused, so the bytes never change. */
export const OBJECT_CACHE_CONTROL = 'public, max-age=31536000, immutable';
