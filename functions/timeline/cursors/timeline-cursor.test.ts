import { describe, expect, it } from 'vitest';
import { CursorError } from '#shared/app/cursor-codec.ts';
import { timelineCursors } from './timeline-cursor.ts';

const postId = '0b9f4a52-64f1-4c43-9d5b-5b1f1c0e2a11';
const cursor = { after: { score: 1_764_000_000_123, postId }, served: 40 };
const withPosition = (after: unknown, served: unknown = 1) =>
  btoa(JSON.stringify(['t2', { after, served }]))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

describe('timeline cursor', () => {
  it('round-trips position and served count through an opaque url-safe token', () => {
    const token = timelineCursors.encode(cursor);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).not.toContain(postId);
    expect(timelineCursors.decode(token)).toEqual(cursor);
  });

  it.each([
    ['random base64url', 'aGVsbG8gd29ybGQ'],
    ['the previous layout', btoa(`t1.abc.${postId}.1`).replace(/=+$/, '')],
    ['bad post id', withPosition({ score: 1, postId: 'not-a-uuid' })],
    ['uppercase uuid', withPosition({ score: 1, postId: postId.toUpperCase() })],
    ['negative score', withPosition({ score: -5, postId })],
    ['score past the safe integers', withPosition({ score: 2 ** 60, postId })],
    ['fractional served count', withPosition({ score: 1, postId }, 1.5)],
    ['missing post id', withPosition({ score: 1 })],
  ])('rejects a cursor that is %s', (_, token) => {
    expect(() => timelineCursors.decode(token)).toThrow(CursorError);
    expect(timelineCursors.isValid(token)).toBe(false);
  });
});
