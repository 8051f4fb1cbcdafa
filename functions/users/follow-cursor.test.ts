import { describe, expect, it } from 'vitest';
import { CursorError } from '#shared/app/cursor-codec.ts';
import { followCursors } from './follow-cursor.ts';

const cursor = { at: '2026-11-25T13:01:21.748123Z', id: '0b9f4a52-64f1-4c43-9d5b-5b1f1c0e2a11' };

describe('follow cursors', () => {
  it('round-trip as URL-safe opaque text', () => {
    const text = followCursors.encode(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(followCursors.decode(text)).toEqual(cursor);
  });

  it.each([
    ['not base64url', '%%%'],
    ['not JSON', 'bm90LWpzb24'],
    ['millisecond time', followCursors.encode({ ...cursor, at: '2026-11-25T13:01:21.748Z' })],
    ['impossible date', followCursors.encode({ ...cursor, at: '2026-13-45T13:01:21.748123Z' })],
    // Date.parse rolls these over or accepts them; Postgres refuses both.
    ['day past the end of the month', followCursors.encode({ ...cursor, at: '2023-02-30T13:01:21.748123Z' })],
    ['year 0', followCursors.encode({ ...cursor, at: '0000-06-01T00:00:00.000000Z' })],
    ['id not a uuid', followCursors.encode({ ...cursor, id: '1; drop table follows' })],
    ['the previous layout', btoa(JSON.stringify(cursor)).replace(/=+$/, '')],
    ['empty', ''],
  ])('refuses %s', (_name, text) => {
    expect(() => followCursors.decode(text)).toThrow(CursorError);
    expect(followCursors.isValid(text)).toBe(false);
  });
});
