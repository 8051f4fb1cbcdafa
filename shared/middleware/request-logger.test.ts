import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../observability/logger.ts';
import { requestLogger } from './request-context.ts';
import type { AppEnv } from './app-env.ts';
import { reliabilityLayer } from './reliability-layer.ts';

describe('requestLogger', () => {
  it('scopes the function logger to the request, once per request', async () => {
    const lines: Record<string, unknown>[] = [];
    const app = new Hono<AppEnv>();
    reliabilityLayer(app, {
      functionName: 'timeline',
      logger: createLogger({ base: { function: 'timeline' }, sink: (l) => lines.push(JSON.parse(l)) }),
    });
    app.get('/read', (c) => {
      expect(requestLogger(c)).toBe(requestLogger(c));
      requestLogger(c).warn('served from a fallback', { errorCode: 'unavailable' });
      return c.text('ok');
    });
    await app.request('/read', { headers: { 'X-Request-Id': 'req-1' } });
    expect(lines.find((l) => l['msg'] === 'served from a fallback')).toMatchObject({
      level: 'warn',
      function: 'timeline',
      requestId: 'req-1',
      errorCode: 'unavailable',
    });
  });

  it('is silent, not a crash, in an app without the reliability layer', async () => {
    const app = new Hono();
    app.get('/read', (c) => {
      requestLogger(c).warn('served from a fallback');
      return c.text('ok');
    });
    const response = await app.request('/read');
    expect(response.status).toBe(200);
  });
});
