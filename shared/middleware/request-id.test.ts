import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { requestId, outgoingHeaders } from './request-id.ts';
import type { AppEnv } from './app-env.ts';

function app(): Hono<AppEnv> {
  const a = new Hono<AppEnv>();
  a.use(requestId());
  a.get('/', (c) => c.json({ id: c.var.requestId, trace: c.var.trace, outgoing: outgoingHeaders(c) }));
  return a;
}

describe('requestId middleware', () => {
  it('accepts a valid incoming X-Request-Id and echoes it', async () => {
    const res = await app().request('/', { headers: { 'X-Request-Id': 'abc-123_x' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123_x');
    expect(((await res.json()) as { id: string }).id).toBe('abc-123_x');
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['with spaces', 'a b'],
    ['with a newline', 'a\nb'],
  ])('replaces an invalid id (%s)', async (_n, bad) => {
    const res = await app().request('/', { headers: { 'X-Request-Id': bad.replace('\n', '%0A') } });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
  });

  it('continues an incoming traceparent with a new span and propagates it', async () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const res = await app().request('/', { headers: { traceparent: incoming, 'X-Request-Id': 'r1' } });
    const body = (await res.json()) as { trace: { traceId: string; spanId: string; parentSpanId?: string }; outgoing: unknown };
    expect(body.trace.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(body.trace.parentSpanId).toBe('00f067aa0ba902b7');
    expect(body.trace.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(body.trace.spanId).not.toBe('00f067aa0ba902b7');
    expect(body.outgoing).toEqual({ 'x-request-id': 'r1', traceparent: `00-4bf92f3577b34da6a3ce929d0e0e4736-${body.trace.spanId}-01` });
  });

  it('starts a new trace when traceparent is invalid', async () => {
    const res = await app().request('/', { headers: { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' } });
    const body = (await res.json()) as { trace: { traceId: string; spanId: string; parentSpanId?: string }; outgoing: unknown };
    expect(body.trace.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(body.trace.traceId).not.toBe('0'.repeat(32));
    expect(body.trace.parentSpanId).toBeUndefined();
  });
});
