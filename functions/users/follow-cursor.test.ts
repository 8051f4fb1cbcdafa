import { describe, expect, it } from 'vitest';
import { ProblemError } from '#shared/app/problem.ts';
import { decodeFollowCursor, encodeFollowCursor } from './follow-cursor.ts';

const cursor = { at: '2026-11-25T13:01:21.748123Z', id: '0b9f4a52-64f1-4c43-9d5b-5b1f1c0e2a11' };

describe('follow cursors', () => {
  it('round-trip as URL-safe opaque text', () => {
    const text = encodeFollowCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeFollowCursor(text)).toEqual(cursor);
  });

  it.each([
    ['not base64url', '%%%'],
    ['not JSON', 'bm90LWpzb24'],
    ['millisecond time', encodeFollowCursor({ ...cursor, at: '2026-11-25T13:01:21.748Z' })],
    ['impossible date', encodeFollowCursor({ ...cursor, at: '2026-13-45T13:01:21.748123Z' })],
    // Date.parse rolls these over or accepts them; Postgres refuses both.
    ['day past the end of the month', encodeFollowCursor({ ...cursor, at: '2023-02-30T13:01:21.748123Z' })],
    ['year 0', encodeFollowCursor({ ...cursor, at: '0000-06-01T00:00:00.000000Z' })],
    ['id not a uuid', encodeFollowCursor({ ...cursor, id: '1; drop table follows' })],
    ['extra field', btoa(JSON.stringify({ ...cursor, admin: true })).replace(/=+$/, '')],
    ['empty', ''],
  ])('refuses %s with a 400 invalid-cursor problem', (_name, text) => {
    let error: unknown;
    try {
      decodeFollowCursor(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProblemError);
    expect(error).toMatchObject({ status: 400, problemType: 'https://atlas-edge.dev/problems/invalid-cursor' });
  });
});
