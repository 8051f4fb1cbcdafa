import type { MediaContentType } from '#shared/media/media-key.ts';

/** Minimal files of each accepted type: just their signature and some filler bytes. */
export function sampleImage(type: MediaContentType, size = 64): Uint8Array {
  const heads: Record<MediaContentType, number[]> = {
    'image/jpeg': [0xff, 0xd8, 0xff, 0xe0],
    'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    'image/gif': [...'GIF89a'].map((c) => c.charCodeAt(0)),
    'image/webp': [...'RIFF']
      .map((c) => c.charCodeAt(0))
      .concat(
        [0x24, 0, 0, 0],
        [...'WEBP'].map((c) => c.charCodeAt(0)),
      ),
  };
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) & 0xff;
  bytes.set(heads[type]);
  return bytes;
}
