/** Longest post, in Unicode code points (Twitter's 280, counted after NFC normalisation). */
export const MAX_POST_CODE_POINTS = 280;

/**
 * The stored form of a post text: NFC-normalised (so "é" typed as e + combining accent counts
 * once, as it displays) and trimmed.
 */
export function normalisePostText(text: string): string {
  return text.normalize('NFC').trim();
}

/**
 * Length in Unicode code points, the unit users see: an emoji outside the BMP is one, not the
 * two UTF-16 units `String.length` counts. Postgres' `char_length` on a UTF-8 database agrees.
 */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
