/**
 * Load generator of the middleware benchmark, in its own process so it never shares an event
 * loop with the server under test. Runs autocannon against one URL and prints one JSON line.
 *
 *   node load/bench/middleware-load.ts <url> <seconds> <connections> [readers.json]
 *
 * With a readers file (`[{ id, token }]`, see timeline-readers.ts) it reads each reader's home
 * timeline in turn (`GET <url>/timelines/<id>?limit=20` as that reader) instead of `<url>`.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [url, secondsArg, connectionsArg, readersFile] = process.argv.slice(2);
if (!url) throw new Error('usage: middleware-load.ts <url> <seconds> <connections> [readers.json]');
const duration = Number(secondsArg ?? 5);
const connections = Number(connectionsArg ?? 50);
const readers = readersFile ? (JSON.parse(readFileSync(readersFile, 'utf8')) as { id: string; token: string }[]) : [];
const requests = readers.map((reader) => ({
  method: 'GET' as const,
  path: `/timelines/${reader.id}?limit=20`,
  headers: { authorization: `Bearer ${reader.token}` },
}));

const result = await autocannon({ url, duration, connections, pipelining: 1, ...(requests.length > 0 ? { requests } : {}) });
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
