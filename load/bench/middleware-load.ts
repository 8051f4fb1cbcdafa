/**
 * Load generator of the middleware benchmark, in its own process so it never shares an event
 * loop with the server under test. Runs autocannon against one URL and prints one JSON line.
 *
 *   node load/bench/middleware-load.ts <url> <seconds> <connections>
 */
import autocannon from 'autocannon';

const [url, secondsArg, connectionsArg] = process.argv.slice(2);
if (!url) throw new Error('usage: middleware-load.ts <url> <seconds> <connections>');
const duration = Number(secondsArg ?? 5);
const connections = Number(connectionsArg ?? 50);

const result = await autocannon({ url, duration, connections, pipelining: 1 });
console.log(
  JSON.stringify({
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds: result.duration,
    requestsPerSecond: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  }),
);
