import { describe, expect, it } from 'vitest';
import { MEDIA_FILE_NAME_PATTERN, MEDIA_KEY_MAX_LENGTH, MEDIA_KEY_PATTERN, mediaKeyOwner, newMediaKey } from './media-key.ts';

const owner = '0b9f4a52-64f1-4c43-9d5b-5b1f1c0e2a11';

describe('media keys', () => {
  it('mints keys in the shape other functions validate, extension by content type', () => {
    const key = newMediaKey(owner.toUpperCase(), 'image/webp');
    expect(key).toMatch(MEDIA_KEY_PATTERN);
    expect(key).toMatch(new RegExp(`^media/${owner}/[0-9a-f-]{36}\\.webp$`));
    expect(key.length).toBe(MEDIA_KEY_MAX_LENGTH);
    expect(mediaKeyOwner(key)).toBe(owner);
    expect(MEDIA_FILE_NAME_PATTERN.test(key.split('/')[2] ?? '')).toBe(true);
    expect(newMediaKey(owner, 'image/jpeg')).not.toBe(newMediaKey(owner, 'image/jpeg'));
  });

  it('refuses owners that are not UUIDs', () => {
    expect(() => newMediaKey('../etc', 'image/png')).toThrow(TypeError);
  });

  it.each([
    `media/${owner}/x.png`,
    `media/${owner}/${owner}.exe`,
    `media/${owner}/${owner}.png/../../secret`,
    `other/${owner}/${owner}.png`,
    `media/${owner.toUpperCase()}/${owner}.png`,
    ` media/${owner}/${owner}.png`,
  ])('rejects %s', (key) => {
    expect(MEDIA_KEY_PATTERN.test(key)).toBe(false);
    expect(mediaKeyOwner(key)).toBeUndefined();
  });
});
