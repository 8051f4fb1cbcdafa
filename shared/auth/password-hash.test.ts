import { describe, expect, it } from 'vitest';
import { DUMMY_PASSWORD_HASH, hashPassword, needsRehash, PASSWORD_ITERATIONS, verifyPassword } from './password-hash.ts';

describe('hashPassword / verifyPassword', () => {
  it('verifies the password it hashed and refuses any other', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(new RegExp(`^pbkdf2-sha256\\$${PASSWORD_ITERATIONS}\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash, so equal passwords give different hashes', async () => {
    const [a, b] = [await hashPassword('same password', { iterations: 1000 }), await hashPassword('same password', { iterations: 1000 })];
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password', a)).toBe(true);
    expect(await verifyPassword('same password', b)).toBe(true);
  });

  it("reads the cost from the stored hash, and flags hashes below today's cost for re-hashing", async () => {
    const cheap = await hashPassword('old password', { iterations: 1000 });
    expect(await verifyPassword('old password', cheap)).toBe(true);
    expect(needsRehash(cheap)).toBe(true);
    expect(needsRehash(await hashPassword('new password'))).toBe(false);
  });

  it('treats malformed or tampered hashes as a mismatch, never as a crash', async () => {
    const stored = await hashPassword('pw-pw-pw-pw', { iterations: 1000 });
    const [scheme, cost, salt, key] = stored.split('$') as [string, string, string, string];
    const flipped = `${key.slice(0, -2)}${key.endsWith('AA') ? 'AB' : 'AA'}`;
    for (const bad of [
      '',
      'plain',
      `bcrypt$${cost}$${salt}$${key}`,
      `${scheme}$0$${salt}$${key}`,
      `${scheme}$99999999$${salt}$${key}`,
      `${scheme}$${cost}$${salt}$${key.slice(4)}`,
      `${scheme}$${cost}$!!$${key}`,
      `${scheme}$${cost}$${salt}$${flipped}`,
      `${stored}$extra`,
    ]) {
      expect(await verifyPassword('pw-pw-pw-pw', bad), bad).toBe(false);
    }
  });

  it("has a well-formed dummy hash at today's cost that matches no ordinary password", async () => {
    expect(needsRehash(DUMMY_PASSWORD_HASH)).toBe(false);
    expect(await verifyPassword('password', DUMMY_PASSWORD_HASH)).toBe(false);
  });

  it('refuses a cost outside the supported range', async () => {
    await expect(hashPassword('x', { iterations: 0 })).rejects.toThrow(RangeError);
    await expect(hashPassword('x', { iterations: 1.5 })).rejects.toThrow(RangeError);
  });
});
