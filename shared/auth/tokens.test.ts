import { sign } from 'hono/jwt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthError } from './auth-error.ts';
import { TOKEN_ISSUER } from './auth-settings.ts';
import { issueToken, verifyToken } from './tokens.ts';

const secret = 'unit-test-secret-unit-test-secret-0123';
const userId = '0b9f4a52-64f1-4c43-9d5b-5b1f1c0e2a11';

async function failure(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe('issueToken / verifyToken', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-25T12:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('round-trips the user id and reports the expiry', async () => {
    const token = await issueToken(userId.toUpperCase(), { secret, ttlSeconds: 60 });
    expect(token.split('.')).toHaveLength(3);
    const verified = await verifyToken(token, { secret });
    expect(verified).toEqual({
      userId,
      expiresAt: new Date('2026-11-25T12:01:00Z'),
      tokenId: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
    });
  });

  it('gives every token its own id, even two issued in the same second for the same user', async () => {
    const [a, b] = [await issueToken(userId, { secret }), await issueToken(userId, { secret })];
    expect(a).not.toBe(b);
    expect((await verifyToken(a, { secret })).tokenId).not.toBe((await verifyToken(b, { secret })).tokenId);
  });

  it('accepts a token without an id (issued before ids existed) and refuses a malformed one', async () => {
    const exp = Math.floor(Date.now() / 1000) + 60;
    const legacy = await sign({ sub: userId, iss: TOKEN_ISSUER, exp }, secret, 'HS256');
    expect(await verifyToken(legacy, { secret })).toEqual({ userId, expiresAt: new Date(exp * 1000) });
    const badId = await sign({ sub: userId, iss: TOKEN_ISSUER, exp, jti: 42 }, secret, 'HS256');
    expect((await failure(verifyToken(badId, { secret }))).code).toBe('token_malformed');
  });

  it('accepts a token until its exp, then reports token_expired', async () => {
    const token = await issueToken(userId, { secret, ttlSeconds: 60 });
    vi.advanceTimersByTime(59_000);
    await expect(verifyToken(token, { secret })).resolves.toMatchObject({ userId });
    vi.advanceTimersByTime(1_000);
    expect((await failure(verifyToken(token, { secret }))).code).toBe('token_expired');
  });

  it('refuses a token signed with another key', async () => {
    const token = await issueToken(userId, { secret: 'another-secret-another-secret-0123456' });
    const error = await failure(verifyToken(token, { secret }));
    expect(error).toMatchObject({ code: 'token_invalid', message: 'The token signature is invalid' });
  });

  it('refuses a token verified under one key when asked under another (the cache is per key)', async () => {
    const other = 'another-secret-another-secret-0123456';
    const token = await issueToken(userId, { secret: other });
    await expect(verifyToken(token, { secret: other })).resolves.toMatchObject({ userId });
    expect((await failure(verifyToken(token, { secret }))).code).toBe('token_invalid');
  });

  it('refuses a tampered payload (sub swapped, signature kept)', async () => {
    const [header, , signature] = (await issueToken(userId, { secret })).split('.');
    const forged = btoa(JSON.stringify({ sub: crypto.randomUUID(), iss: TOKEN_ISSUER, exp: 2e9 }))
      .replace(/=+$/, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_');
    expect((await failure(verifyToken(`${header}.${forged}.${signature}`, { secret }))).code).toBe('token_invalid');
  });

  it('refuses alg "none" and other algorithms', async () => {
    const payload = { sub: userId, iss: TOKEN_ISSUER, exp: Math.floor(Date.now() / 1000) + 60 };
    const encode = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const none = `${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.`;
    expect((await failure(verifyToken(none, { secret }))).code).toBe('token_malformed');
    const hs512 = await sign(payload, secret, 'HS512');
    expect((await failure(verifyToken(hs512, { secret }))).code).toBe('token_malformed');
  });

  it('refuses tokens of another issuer, without sub, or without exp', async () => {
    const now = Math.floor(Date.now() / 1000);
    const other = await sign({ sub: userId, iss: 'someone-else', exp: now + 60 }, secret, 'HS256');
    expect((await failure(verifyToken(other, { secret }))).code).toBe('token_invalid');
    const noSub = await sign({ iss: TOKEN_ISSUER, exp: now + 60 }, secret, 'HS256');
    expect((await failure(verifyToken(noSub, { secret }))).message).toBe('The token names no user');
    const notUuid = await sign({ sub: 'admin', iss: TOKEN_ISSUER, exp: now + 60 }, secret, 'HS256');
    expect((await failure(verifyToken(notUuid, { secret }))).code).toBe('token_malformed');
    const forever = await sign({ sub: userId, iss: TOKEN_ISSUER }, secret, 'HS256');
    expect((await failure(verifyToken(forever, { secret }))).message).toBe('The token has no expiry');
  });

  it('calls garbage malformed', async () => {
    for (const garbage of ['', 'abc', 'a.b', 'a.b.c.d', '!!.??.##', 'eyJhbGciOiJIUzI1NiJ9.bm90LWpzb24.c2ln']) {
      expect((await failure(verifyToken(garbage, { secret }))).code, garbage).toBe('token_malformed');
    }
  });

  it('rejects a non-UUID user id and a non-positive lifetime when issuing', async () => {
    await expect(issueToken('alice', { secret })).rejects.toThrow(TypeError);
    await expect(issueToken(userId, { secret, ttlSeconds: 0 })).rejects.toThrow(RangeError);
  });
});
