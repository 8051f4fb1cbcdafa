import { describe, expect, it } from 'vitest';
import { codePointLength, normalisePostText } from './post-text.ts';
import { CreatePostBodySchema } from './posts.schemas.ts';

const owner = '0b9f4a52-64f1-4c43-9d5b-5b1f1c0e2a11';
const mediaKey = `media/${owner}/5c0d7e2a-3b8f-4a51-9d35-3e2f1b7a9c10.jpg`;

describe('post text', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(codePointLength('abc')).toBe(3);
    expect('😀'.length).toBe(2);
    expect(codePointLength('😀😀')).toBe(2);
  });

  it('normalises to NFC and trims', () => {
    const decomposed = 'e\u0301';
    expect(codePointLength(decomposed)).toBe(2);
    expect(normalisePostText(`  ${decomposed}  `)).toBe('\u00e9');
  });
});

describe('CreatePostBodySchema', () => {
  const parse = (body: unknown) => CreatePostBodySchema.safeParse(body);

  it('accepts 280 astral code points (560 UTF-16 units) and refuses 281', () => {
    expect(parse({ text: '😀'.repeat(280) }).success).toBe(true);
    const tooLong = parse({ text: '😀'.repeat(281) });
    expect(tooLong.success).toBe(false);
    expect(tooLong.error?.issues[0]?.path).toEqual(['text']);
  });

  it('stores the trimmed text and refuses blank text and NUL', () => {
    expect(parse({ text: '  hello  ' }).data).toEqual({ text: 'hello' });
    expect(parse({ text: '   ' }).success).toBe(false);
    expect(parse({ text: '' }).success).toBe(false);
    expect(parse({ text: 'a\u0000b' }).success).toBe(false);
  });

  it('accepts a well-formed media key and refuses other strings', () => {
    expect(parse({ text: 'pic', mediaKey }).data).toEqual({ text: 'pic', mediaKey });
    for (const bad of ['media/x/y.jpg', `${mediaKey}.exe`, `media/${owner}/../secret.jpg`, mediaKey.toUpperCase()]) {
      expect(parse({ text: 'pic', mediaKey: bad }).success, bad).toBe(false);
    }
  });

  it('rejects unknown fields such as a client-chosen author', () => {
    const result = parse({ text: 'hi', authorId: owner });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
  });
});
