import { describe, expect, it } from 'vitest';

/** Sends a request to the probe app (`buildProbeApp`) on some runtime. */
export type ProbeFetch = (path: string, init?: RequestInit) => Promise<Response>;

interface Problem {
  type: string;
  status: number;
  code?: string;
  requestId?: string;
  detail?: string;
}

/**
 * The reliability layer's behaviour, as one suite run against every runtime: the same
 * assertions on Node (app.request) and workerd (Miniflare serving a wrangler bundle).
 */
export function layerConformance(runtime: string, send: () => ProbeFetch): void {
  describe(`reliability layer on ${runtime}`, () => {
    it('echoes a valid request id, replaces an invalid one, continues the trace', async () => {
      const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      const res = await send()('/echo', { headers: { 'X-Request-Id': 'conf-1', traceparent: incoming } });
      expect(res.headers.get('x-request-id')).toBe('conf-1');
      const body = (await res.json()) as { requestId: string; traceId: string; parentSpanId: string; outgoing: Record<string, string> };
      expect(body).toMatchObject({ requestId: 'conf-1', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentSpanId: '00f067aa0ba902b7' });
      expect(body.outgoing['traceparent']).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
      expect(Number(body.outgoing['x-request-deadline'])).toBeGreaterThan(Date.now());
      const replaced = await send()('/echo', { headers: { 'X-Request-Id': 'bad id with spaces' } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
    });

    it('answers 504 problem+json when the client deadline runs out, even if the handler ignores it', async () => {
      const started = Date.now();
      const res = await send()('/hold?ms=3000', { headers: { 'X-Request-Timeout-Ms': '150', 'X-Request-Id': 'slow-1' } });
      expect(res.status).toBe(504);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect((await res.json()) as Problem).toMatchObject({ status: 504, code: 'DEADLINE_EXCEEDED', requestId: 'slow-1' });
      const expired = await send()('/hold?ms=3000', { headers: { 'X-Request-Deadline': String(Date.now() - 1000) } });
      expect(expired.status).toBe(504);
    });

    it('sheds requests beyond the concurrency limit with 503 + Retry-After, never health', async () => {
      const held = [send()('/hold?ms=600'), send()('/hold?ms=600')];
      await new Promise((resolve) => setTimeout(resolve, 150));
      const shed = await send()('/hold?ms=0');
      expect(shed.status).toBe(503);
      expect(shed.headers.get('retry-after')).toBe('1');
      expect(((await shed.json()) as Problem).code).toBe('OVERLOADED');
      expect((await send()('/health')).status).toBe(200);
      for (const res of await Promise.all(held)) expect(res.status).toBe(200);
    });

    it('rate-limits writes per user with 429 + Retry-After', async () => {
      const user = `u-${crypto.randomUUID()}`;
      const write = () => send()('/write', { method: 'POST', headers: { 'x-user': user } });
      expect((await write()).status).toBe(201);
      expect((await write()).status).toBe(201);
      const limited = await write();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    });

    it('turns unexpected errors into a 500 problem without internals, and 404s into problems', async () => {
      const res = await send()('/boom', { headers: { 'X-Request-Id': 'boom-1' } });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(text).not.toContain('secret internals');
      expect(JSON.parse(text) as Problem).toMatchObject({ status: 500, requestId: 'boom-1' });
      const missing = await send()('/nope');
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toBe('application/problem+json');
    });

    it('records RED metrics by route template', async () => {
      await send()('/echo');
      const text = await (await send()('/metrics')).text();
      expect(text).toMatch(/http_requests_total\{function="probe",route="\/echo",method="GET",status_class="2xx"\} \d+/);
      expect(text).toContain('http_request_duration_seconds_bucket{le="+Inf",function="probe",route="/echo",method="GET"}');
    });
  });
}
