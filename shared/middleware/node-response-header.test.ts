import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { nodeResponseHeader } from './node-response-header.node.ts';

describe('nodeResponseHeader', () => {
  it("writes on Node's ServerResponse when there is one, else falls back to c.header", async () => {
    const set: Record<string, string> = {};
    const outgoing = { headersSent: false, setHeader: (name: string, value: string) => (set[name] = value) };
    const app = new Hono();
    app.get('/', (c) => {
      nodeResponseHeader(c, 'X-Request-Id', 'abc');
      return c.text('ok');
    });
    const viaNode = await app.request('/', {}, { outgoing });
    expect(set).toEqual({ 'X-Request-Id': 'abc' });
    expect(viaNode.headers.get('x-request-id')).toBeNull();
    const elsewhere = await app.request('/');
    expect(elsewhere.headers.get('x-request-id')).toBe('abc');
  });
});
