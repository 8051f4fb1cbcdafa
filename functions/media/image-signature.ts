import type { MediaContentType } from '#shared/media/media-key.ts';

/** Bytes needed to recognise every accepted type (WebP: `RIFF` + size + `WEBP`). */
export const SIGNATURE_BYTES = 12;

interface Signature {
  readonly type: MediaContentType;
  /** Byte at each offset; `undefined` = any byte (the RIFF chunk size of WebP). */
  readonly bytes: readonly (number | undefined)[];
}

const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));

// File signatures as the formats define them (and as the WHATWG MIME Sniffing standard lists them).
const SIGNATURES: readonly Signature[] = [
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, ...ascii('PNG'), 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/gif', bytes: ascii('GIF87a') },
  { type: 'image/gif', bytes: ascii('GIF89a') },
  { type: 'image/webp', bytes: [...ascii('RIFF'), undefined, undefined, undefined, undefined, ...ascii('WEBP')] },
];

/**
 * The image type of a file judged by its first bytes (its magic number), never by what the
 * client claims; `undefined` for anything else, including too few bytes to tell.
 */
export function detectImageType(head: Uint8Array): MediaContentType | undefined {
  return SIGNATURES.find(({ bytes }) => bytes.length <= head.length && bytes.every((byte, i) => byte === undefined || head[i] === byte))
    ?.type;
}
