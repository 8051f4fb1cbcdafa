/**
 * In-process part of the middleware benchmark: CPU microseconds per request of `app.fetch`
 * (no sockets), bare Hono vs the full layer, min of 3 runs of 100k requests. Immune to the
 * loopback and neighbour effects that dominate req/s on a shared 2-core machine, so it is the
 * number to compare before/after a change to the layer.
 *
 *   node load/bench/middleware-inprocess.ts   (prints one JSON line)
 */
import { Hono } from 'hono';
import { createPromClientRecorder } from '#shared/observability/adapters/prom-client-recorder.ts';
import { createLogger } from '#shared/observability/logger.ts';
import type { AppEnv } from '#shared/middleware/app-env.ts';
import { reliabilityLayer } from '#shared/middleware/reliability-layer.ts';

const REQUESTS = 100_000;
const request = new Request('http://127.0.0.1/hello', { headers: { accept: '*/*', 'user-agent': 'bench' } });

function build(full: boolean): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  if (full) reliabilityLayer(app, { functionName: 'bench', metrics: createPromClientRecorder(), logger: createLogger({ level: 'warn' }) });
  app.get('/hello', (c) => c.json({ hello: 'world' }));
  return app;
}

async function microsPerRequest(full: boolean): Promise<number> {
  const app = build(full);
  for (let i = 0; i < 20_000; i++) await app.fetch(request);
  const before = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i++) await app.fetch(request);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / REQUESTS;
}

const runs: Record<'bare' | 'full', number[]> = { bare: [], full: [] };
for (let i = 0; i < 3; i++) {
  runs.bare.push(await microsPerRequest(false));
  runs.full.push(await microsPerRequest(true));
}
const bare = Math.min(...runs.bare);
const full = Math.min(...runs.full);
console.log(
  JSON.stringify({
    bareMicros: Math.round(bare * 100) / 100,
    fullMicros: Math.round(full * 100) / 100,
    layerMicros: Math.round((full - bare) * 100) / 100,
  }),
);
