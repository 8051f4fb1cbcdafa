/**
 * The baseline of the read benchmarks: bare Hono on @hono/node-server, one trivial route
 * (`GET /hello`), no middleware, served by the same number of processes as the function it is
 * compared with (node:cluster on one port, like local-infra/node-host/cluster-host.ts).
 * `node load/bench/bare-hono-server.ts <port> <instances>`; prints `ready <port>`.
 */
import cluster from 'node:cluster';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const port = Number(process.argv[2] ?? 18090);
const instances = Number(process.argv[3] ?? 2);

if (cluster.isPrimary) {
  let ready = 0;
  for (let i = 0; i < instances; i += 1) {
    cluster.fork().on('message', () => {
      ready += 1;
      if (ready === instances) console.log(`ready ${port}`);
    });
  }
  process.once('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    process.exit(0);
  });
} else {
  const app = new Hono();
  app.get('/hello', (c) => c.text('hello'));
  serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => process.send?.('ready'));
}
