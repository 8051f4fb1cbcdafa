import { describe, expect, it } from 'vitest';
import { CursorError, decodeCursor, encodeCursor, isValidCursor } from './timeline-cursor.ts';

const postId = '0b9f4a52-64f1-4c43-9d5b-5b1f1c0e2a11';

describe('timeline cursor', () => {
  it('round-trips position and served count through an opaque url-safe token', () => {
    const cursor = { after: { score: 1_764_000_000_123, postId }, served: 40 };
    const token = encodeCursor(cursor);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).not.toContain(postId);
    expect(decodeCursor(token)).toEqual(cursor);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc$def'],
    ['too long', 'A'.repeat(200)],
    ['random base64url', 'aGVsbG8gd29ybGQ'],
    ['wrong version', btoa(`t9.abc.${postId}.1`)],
    ['bad post id', btoa('t1.abc.not-a-uuid.1')],
    ['uppercase uuid', btoa(`t1.abc.${postId.toUpperCase()}.1`)],
    ['bad score', btoa(`t1.-5.${postId}.1`)],
    ['score too big', btoa(`t1.zzzzzzzzzzzz.${postId}.1`)],
    ['missing part', btoa(`t1.abc.${postId}`)],
  ])('rejects a cursor that is %s', (_, token) => {
    expect(() => decodeCursor(token)).toThrow(CursorError);
    expect(isValidCursor(token)).toBe(false);
  });

  it('marks its error with a stable code', () => {
    try {
      decodeCursor('x');
      expect.unreachable();
    } catch (error) {
      expect((error as CursorError).code).toBe('invalid_cursor');
    }
  });
});
