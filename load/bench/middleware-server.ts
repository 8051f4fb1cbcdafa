/**
 * One side of the middleware benchmark: serves the same trivial route either bare (Hono only)
 * or behind the full reliability layer, with @hono/node-server, in its own process.
 *
 *   node load/bench/middleware-server.ts bare|full <port>
 *
 * Prints `ready <port>` once listening. The full variant records metrics in prom-client and
 * logs at LOG_LEVEL (the bench runner sets `warn`, as load tests do).
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createPromClientRecorder } from '#shared/observability/adapters/prom-client-recorder.ts';
import { createLogger, parseLogLevel } from '#shared/observability/logger.ts';
import type { AppEnv } from '#shared/middleware/app-env.ts';
import { reliabilityLayer } from '#shared/middleware/reliability-layer.ts';
import { nodeResponseHeader } from '#shared/middleware/node-response-header.node.ts';
import { answerCpuQueries } from './server-cpu.ts';

const [variant, portArg] = process.argv.slice(2);
if (variant !== 'bare' && variant !== 'full') throw new Error('usage: middleware-server.ts bare|full <port>');
const port = Number(portArg ?? 0);

function buildApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  if (variant === 'full') {
    const metrics = createPromClientRecorder();
    reliabilityLayer(app, {
      functionName: 'bench',
      metrics,
      logger: createLogger({ level: parseLogLevel(process.env['LOG_LEVEL'], 'warn') }),
      ...(process.env['BENCH_C_HEADER'] === '1' ? {} : { setResponseHeader: nodeResponseHeader }),
    });
    app.get('/metrics', async (c) => c.text(await metrics.metrics()));
  }
  app.get('/hello', (c) => c.json({ hello: 'world' }));
  // A route with a typical read's shape: an await (a cache or pool round trip resolves on a
  // later tick) and a page of 20 hydrated posts to serialise, like GET /timelines/:user.
  app.get('/timeline', async (c) => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const page = Array.from({ length: 20 }, (_, i) => ({
      id: `post-${i}`,
      author: { id: `user-${i % 7}`, handle: `user${i % 7}`, displayName: `User ${i % 7}` },
      text: 'Designing data-intensive applications: reliable, scalable, maintainable. '.repeat(3).slice(0, 200),
      createdAt: new Date(1_700_000_000_000 + i * 60_000).toISOString(),
      likes: i * 3,
    }));
    return c.json({ items: page, nextCursor: 'post-19' });
  });
  return app;
}

const server = serve({ fetch: buildApp().fetch, port, hostname: '127.0.0.1' }, (info) => {
  console.log(`ready ${info.port}`);
});

answerCpuQueries();

// Exit cleanly on SIGTERM/SIGINT so --cpu-prof writes its profile.
const stop = (): void => {
  process.disconnect?.();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
