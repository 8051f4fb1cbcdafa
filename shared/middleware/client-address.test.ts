import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.ts';

const app = new Hono().get('/', (c) => c.text(clientAddress(c) ?? '(none)'));
const addressOf = async (headers: Record<string, string>): Promise<string> => (await app.request('/', { headers })).text();

describe('clientAddress', () => {
  it('takes the hop the trusted front appended (the last X-Forwarded-For entry), not what the client wrote', async () => {
    expect(await addressOf({ 'x-forwarded-for': '203.0.113.7' })).toBe('203.0.113.7');
    expect(await addressOf({ 'x-forwarded-for': '10.0.0.1, 6.6.6.6 ,  198.51.100.2 ' })).toBe('198.51.100.2');
    expect(await addressOf({ 'x-forwarded-for': '2001:DB8::1', 'cf-connecting-ip': '192.0.2.1' })).toBe('2001:db8::1');
  });

  it('falls back to CF-Connecting-IP, then to none', async () => {
    expect(await addressOf({ 'cf-connecting-ip': '192.0.2.1' })).toBe('192.0.2.1');
    expect(await addressOf({ 'x-forwarded-for': ' ' })).toBe('(none)');
    expect(await addressOf({})).toBe('(none)');
  });
});
