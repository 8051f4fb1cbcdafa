import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { CursorError, MAX_CURSOR_LENGTH, createCursorCodec, cursorQueryParam } from './cursor-codec.ts';

const codec = createCursorCodec('x1', z.strictObject({ name: z.string(), n: z.int() }));
const base64url = (text: string) => btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

describe('cursor codec', () => {
  it('round-trips a value through an opaque url-safe token, non-ASCII text included', () => {
    const value = { name: 'ünïcødé ✓', n: 42 };
    const token = codec.encode(value);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).not.toContain('42');
    expect(codec.decode(token)).toEqual(value);
    expect(codec.isValid(token)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc$def'],
    ['padded', `${base64url('["x1",{"name":"a","n":1}]')}==`],
    ['too long', 'A'.repeat(MAX_CURSOR_LENGTH + 1)],
    ['not JSON', base64url('hello world')],
    ['not UTF-8', base64url('\u00ff\u00fe')],
    ['another version', base64url('["x2",{"name":"a","n":1}]')],
    ['no version', base64url('{"name":"a","n":1}')],
    ['a value the schema refuses', base64url('["x1",{"name":"a","n":1.5}]')],
    ['an extra field', base64url('["x1",{"name":"a","n":1,"admin":true}]')],
  ])('refuses a token that is %s with a CursorError', (_, token) => {
    expect(() => codec.decode(token)).toThrow(CursorError);
    expect(codec.isValid(token)).toBe(false);
  });

  it('marks its error with a stable code', () => {
    expect(() => codec.decode('x')).toThrow(expect.objectContaining({ code: 'invalid_cursor' }));
  });

  it('refuses a token of another codec', () => {
    const other = createCursorCodec('y1', z.strictObject({ name: z.string(), n: z.int() }));
    expect(codec.isValid(other.encode({ name: 'a', n: 1 }))).toBe(false);
  });

  it('validates the query parameter with one error per bad cursor', () => {
    const query = z.object({ cursor: cursorQueryParam(codec) });
    expect(query.safeParse({}).success).toBe(true);
    expect(query.safeParse({ cursor: codec.encode({ name: 'a', n: 1 }) }).success).toBe(true);
    const refused = query.safeParse({ cursor: 'x'.repeat(500) });
    expect(refused.error?.issues).toEqual([expect.objectContaining({ path: ['cursor'], message: 'Invalid cursor' })]);
  });
});
