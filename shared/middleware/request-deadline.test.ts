import { Hono } from 'hono';
import { ValidationError } from './http-errors.ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPromClientRecorder } from '../observability/adapters/prom-client-recorder.ts';
import { deadline, parseCallerDeadline, routeDeadline } from './request-deadline.ts';
import { reliabilityErrorHandler } from './error-handler.ts';
import type { AppEnv } from './app-env.ts';
import { requestId } from './request-id.ts';

beforeEach(() => vi.useFakeTimers({ now: 5_000_000 }));
afterEach(() => vi.useRealTimers());

function app(metrics = createPromClientRecorder()): { app: Hono<AppEnv>; ran: string[]; metrics: typeof metrics } {
  const ran: string[] = [];
  const a = new Hono<AppEnv>();
  a.use(requestId());
  a.use(deadline({ defaultTimeoutMs: 1000, functionName: 'test', metrics: metrics.recorder }));
  a.onError(reliabilityErrorHandler());
  a.get('/budget', (c) => {
    ran.push('budget');
    return c.json({ remaining: c.var.deadline.remainingMs() });
  });
  // Ignores the signal on purpose: the middleware must still answer 504 on time.
  a.get('/slow', async (c) => {
    ran.push('slow');
    await new Promise((resolve) => setTimeout(resolve, 60_000));
    return c.text('late');
  });
  a.get('/cooperative', async (c) => {
    await new Promise((_, reject) => c.var.deadline.signal.addEventListener('abort', () => reject(c.var.deadline.signal.reason)));
    return c.text('never');
  });
  a.get('/long', routeDeadline(5000), async (c) => c.json({ remaining: c.var.deadline.remainingMs() }));
  return { app: a, ran, metrics };
}

describe('deadline middleware', () => {
  it('gives each request the default budget', async () => {
    const res = await app().app.request('/budget');
    expect(await res.json()).toEqual({ remaining: 1000 });
  });

  it('lets a client ask for less, never more', async () => {
    const { app: a } = app();
    expect(await (await a.request('/budget', { headers: { 'X-Request-Timeout-Ms': '250' } })).json()).toEqual({ remaining: 250 });
    expect(await (await a.request('/budget', { headers: { 'X-Request-Timeout-Ms': '99999' } })).json()).toEqual({ remaining: 1000 });
    const absolute = String(Date.now() + 300);
    expect(await (await a.request('/budget', { headers: { 'X-Request-Deadline': absolute } })).json()).toEqual({ remaining: 300 });
  });

  it('answers 504 problem+json when the budget runs out, even if the handler ignores the signal', async () => {
    const t = app();
    const pending = t.app.request('/slow', { headers: { 'X-Request-Id': 'slow-1' } });
    await vi.advanceTimersByTimeAsync(1000);
    const res = await pending;
    expect(res.status).toBe(504);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = await res.json();
    expect(body).toMatchObject({ status: 504, code: 'DEADLINE_EXCEEDED', requestId: 'slow-1', instance: '/slow' });
    expect(res.headers.get('x-request-id')).toBe('slow-1');
    const metrics = await t.metrics.metrics();
    expect(metrics).toContain('deadline_exceeded_total{function="test"} 1');
    expect(metrics).toContain('platform_limit_exceeded_total{function="test",limit="wall_time"} 1');
  });

  it("counts a 504 as the function's wall time only when the server budget, not the caller, ended it", async () => {
    const t = app();
    const callerSet = t.app.request('/slow', { headers: { 'X-Request-Timeout-Ms': '200' } });
    await vi.advanceTimersByTimeAsync(200);
    expect((await callerSet).status).toBe(504);
    const metrics = await t.metrics.metrics();
    expect(metrics).toContain('deadline_exceeded_total{function="test"} 1');
    expect(metrics).not.toContain('platform_limit_exceeded_total{function="test",limit="wall_time"} 1');
  });

  it('propagates the deadline to cooperative work through the signal', async () => {
    const pending = app().app.request('/cooperative', { headers: { 'X-Request-Timeout-Ms': '50' } });
    await vi.advanceTimersByTimeAsync(50);
    expect((await pending).status).toBe(504);
  });

  it('drops a request whose client deadline already passed, without running the handler', async () => {
    const t = app();
    const res = await t.app.request('/slow', { headers: { 'X-Request-Deadline': String(Date.now() - 10) } });
    expect(res.status).toBe(504);
    expect(t.ran).toEqual([]);
    const zero = await t.app.request('/slow', { headers: { 'X-Request-Timeout-Ms': '0' } });
    expect(zero.status).toBe(504);
    expect(t.ran).toEqual([]);
  });

  it('rejects a malformed timeout header with 400 listing the field', async () => {
    const res = await app().app.request('/budget', { headers: { 'X-Request-Timeout-Ms': 'soon' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: unknown }).errors).toEqual([
      { field: 'header.x-request-timeout-ms', message: 'must be an integer number of milliseconds' },
    ]);
  });

  it('routeDeadline overrides the default for one route, capped by the client', async () => {
    const { app: a } = app();
    expect(await (await a.request('/long')).json()).toEqual({ remaining: 5000 });
    expect(await (await a.request('/long', { headers: { 'X-Request-Timeout-Ms': '700' } })).json()).toEqual({ remaining: 700 });
  });

  it('leaves no timer behind after a request', async () => {
    await app().app.request('/budget');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('parseCallerDeadline', () => {
  const headers =
    (values: Record<string, string>) =>
    (name: string): string | undefined =>
      values[name];

  it('is unlimited when the caller sends neither header', () => {
    expect(parseCallerDeadline(headers({}), 1_000)).toEqual({ limitAt: undefined, timeoutMs: undefined });
  });

  it('takes the earlier of the relative and the absolute limit', () => {
    expect(parseCallerDeadline(headers({ 'x-request-timeout-ms': '500' }), 1_000)).toEqual({ limitAt: 1_500, timeoutMs: 500 });
    expect(parseCallerDeadline(headers({ 'x-request-timeout-ms': '500', 'x-request-deadline': '1200' }), 1_000)).toEqual({
      limitAt: 1_200,
      timeoutMs: 500,
    });
    expect(parseCallerDeadline(headers({ 'x-request-deadline': ' 900 ' }), 1_000)).toEqual({ limitAt: 900, timeoutMs: undefined });
  });

  it('rejects a value that is not an integer number of milliseconds', () => {
    expect(() => parseCallerDeadline(headers({ 'x-request-deadline': 'soon' }), 1_000)).toThrow(ValidationError);
    expect(() => parseCallerDeadline(headers({ 'x-request-timeout-ms': '1.5' }), 1_000)).toThrow(ValidationError);
  });
});
