/**
 * Object keys of uploaded media in the `atlas-media` bucket: `media/<owner id>/<uuid>.<ext>`
 * (lowercase UUIDs; the extension follows the content type detected from the bytes). The owner
 * prefix lets a post check that an attached image belongs to its author without a round trip
 * to the object store, so posting keeps working while MinIO is down.
 */

/** Accepted image types and the extension their keys carry. */
export const MEDIA_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
} as const;

/** An accepted image content type. */
export type MediaContentType = keyof typeof MEDIA_TYPES;

/** Extension of a media key. */
export type MediaKeyExtension = (typeof MEDIA_TYPES)[MediaContentType];

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const EXTENSIONS = 'jpg|png|gif|webp';
const UUID_ONLY = new RegExp(`^${UUID}$`, 'i');

/** A whole key; group 1 is the owner id. */
export const MEDIA_KEY_PATTERN = new RegExp(`^media/(${UUID})/${UUID}\\.(?:${EXTENSIONS})$`);

/** The last path segment of a key: `<uuid>.<ext>`. */
export const MEDIA_FILE_NAME_PATTERN = new RegExp(`^${UUID}\\.(?:${EXTENSIONS})$`);

/** Longest possible key (`media/` + 36 + `/` + 36 + `.webp`). */
export const MEDIA_KEY_MAX_LENGTH = 'media/'.length + 36 + 1 + 36 + '.webp'.length;

/** Whether `type` (already lowercased, without parameters) is an accepted image type. */
export function isMediaContentType(type: string): type is MediaContentType {
  return Object.hasOwn(MEDIA_TYPES, type);
}

/**
 * A fresh key for an object of `contentType` uploaded by `ownerId`.
 * @throws TypeError when `ownerId` or `objectId` is not a UUID (no path tricks in keys).
 */
export function newMediaKey(ownerId: string, contentType: MediaContentType, objectId: string = crypto.randomUUID()): string {
  if (!UUID_ONLY.test(ownerId) || !UUID_ONLY.test(objectId)) throw new TypeError('newMediaKey: owner and object ids must be UUIDs');
  return `media/${ownerId.toLowerCase()}/${objectId.toLowerCase()}.${MEDIA_TYPES[contentType]}`;
}

/** The owner id a well-formed key names, or `undefined` for a malformed key. */
export function mediaKeyOwner(key: string): string | undefined {
  return MEDIA_KEY_PATTERN.exec(key)?.[1];
}
