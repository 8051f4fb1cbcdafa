import { describe, expect, it } from 'vitest';
import { detectImageType } from './image-signature.ts';
import { sampleImage } from './testing/sample-images.ts';

const bytes = (...values: (number | string)[]): Uint8Array =>
  new Uint8Array(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe('detectImageType', () => {
  it.each(['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const)('recognises %s by its signature', (type) => {
    expect(detectImageType(sampleImage(type))).toBe(type);
  });

  it('accepts both GIF versions', () => {
    expect(detectImageType(bytes('GIF87a', 0, 0))).toBe('image/gif');
    expect(detectImageType(bytes('GIF88a', 0, 0))).toBeUndefined();
  });

  it.each([
    ['text', bytes('hello world, not an image')],
    ['RIFF that is not WebP (WAV)', bytes('RIFF', 1, 2, 3, 4, 'WAVE', 0)],
    ['PNG with a broken signature', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x00)],
    ['SVG (XML: never accepted, it can carry scripts)', bytes('<svg xmlns="http://www.w3.org/2000/svg">')],
    ['too short to tell', bytes(0xff, 0xd8)],
    ['empty', new Uint8Array(0)],
  ])('refuses %s', (_label, head) => {
    expect(detectImageType(head)).toBeUndefined();
  });
});
