/**
 * A stand-in function instance for the platform's integration tests: a real Node process and
 * HTTP server speaking the instance worker's protocol (`ready` with its port; drain on `stop`),
 * whose `/sleepy/wait?ms=N` answers after N ms, so a test controls concurrency exactly, and
 * whose `/sleepy/hog` allocates until the heap cap kills the process.
 * Forked by ProcessLauncher with `entry`; `SLEEPY_START_MS` delays readiness (a slow cold start).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://instance');
  if (url.pathname === '/sleepy/hog') {
    const hoard: number[][] = [];
    for (;;) hoard.push(Array.from({ length: 100_000 }, (_, i) => i));
  }
  const ms = Number(url.searchParams.get('ms') ?? 0);
  setTimeout(() => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ pid: process.pid, path: url.pathname, requestId: req.headers['x-request-id'] ?? null }));
  }, ms);
});

const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
};
process.on('message', (message: { type?: string }) => {
  if (message.type === 'stop') stop();
});
process.once('disconnect', stop);

setTimeout(
  () => {
    server.listen(0, '127.0.0.1', () => {
      process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port });
    });
  },
  Number(process.env['SLEEPY_START_MS'] ?? 0),
);
