import { Hono } from 'hono';
import { createLogger } from '../../observability/logger.ts';
import { createPromClientRecorder } from '../../observability/adapters/prom-client-recorder.ts';
import { createMemoryRateLimiter } from '../memory-rate-limiter.ts';
import type { AppEnv } from '../app-env.ts';
import { reliabilityLayer } from '../reliability-layer.ts';
import { outgoingHeaders } from '../request-id.ts';

/**
 * A small app behind the full reliability layer, used by the layer's conformance suite on both
 * runtimes (app.request() on Node, a wrangler bundle in Miniflare for workerd). Limits are tiny
 * so shedding and rate limiting are easy to provoke.
 */
export function buildProbeApp(): Hono<AppEnv> {
  const metrics = createPromClientRecorder();
  const app = new Hono<AppEnv>();
  reliabilityLayer(app, {
    functionName: 'probe',
    metrics,
    logger: createLogger({ level: 'silent' }),
    deadline: { defaultTimeoutMs: 5_000 },
    loadShedding: { initialLimit: 2, minLimit: 2, maxLimit: 2 },
    rateLimit: { limiter: createMemoryRateLimiter({ limit: 2 }), key: (c) => c.req.header('x-user') },
  });
  app.get('/echo', (c) => {
    const trace = c.get('trace');
    return c.json({
      requestId: c.get('requestId'),
      traceId: trace.traceId,
      parentSpanId: trace.parentSpanId ?? null,
      outgoing: outgoingHeaders(c),
    });
  });
  // Ignores its signal on purpose: the deadline middleware must still answer on time.
  app.get('/hold', async (c) => {
    await new Promise((resolve) => setTimeout(resolve, Number(c.req.query('ms') ?? '0')));
    return c.json({ held: true });
  });
  app.post('/write', (c) => c.json({ written: true }, 201));
  app.get('/boom', () => {
    throw new Error('secret internals');
  });
  app.get('/health', (c) => c.json({ status: 'pass' }));
  app.get('/metrics', async (c) => c.text(await metrics.metrics()));
  return app;
}
