// Benchmark load for one read route. MODE=closed: VUS users in a tight loop (throughput);
// MODE=open: RATE req/s (latency at a given load, no coordinated omission). PATH_KIND=timeline
// reads GET /timelines/<reader>?limit=20 as each reader (USERS_FILE); PATH_KIND=hello reads
// GET /hello. Every 50th timeline response is parsed to check it really holds 20 posts.
import http from 'k6/http';
import { SharedArray } from 'k6/data';
import { Counter } from 'k6/metrics';

const BASE = __ENV.BASE_URL;
const KIND = __ENV.PATH_KIND || 'hello';
const readers = new SharedArray('readers', () => (__ENV.USERS_FILE ? JSON.parse(open(__ENV.USERS_FILE)) : []));
const bad = new Counter('bad_responses');
/** 200s that are real cache-hit reads: throughput is counted from these (a shed 503 is cheap, not work). */
const good = new Counter('good_responses');
const shed = new Counter('shed_responses');
const short = new Counter('short_timelines');
const seconds = `${__ENV.SECONDS || 10}s`;
// The functions' latency bucket bounds (ms, LATENCY_BUCKETS_SECONDS): the client's durations of
// good responses counted in the same buckets, so the bench prints both histograms side by side.
// latency_bucket_<i> counts (bound[i-1], bound[i]]; the last one everything above.
const BOUNDS_MS = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];
const buckets = __ENV.HISTOGRAM ? [...BOUNDS_MS, Infinity].map((_, i) => new Counter(`latency_bucket_${i}`)) : [];
function countLatency(res) {
  if (buckets.length === 0) return;
  const ms = res.timings.duration;
  let i = 0;
  while (i < BOUNDS_MS.length && ms > BOUNDS_MS[i]) i += 1;
  buckets[i].add(1);
}

export const options = {
  scenarios: {
    bench:
      __ENV.MODE === 'open'
        ? {
            executor: 'constant-arrival-rate',
            rate: Number(__ENV.RATE),
            timeUnit: '1s',
            duration: seconds,
            preAllocatedVUs: 50,
            maxVUs: 300,
          }
        : { executor: 'constant-vus', vus: Number(__ENV.VUS || 50), duration: seconds },
  },
  summaryTrendStats: ['avg', 'med', 'p(90)', 'p(95)', 'p(99)', 'max', 'count'],
  discardResponseBodies: false,
};

http.setResponseCallback(http.expectedStatuses(200));

export default function () {
  if (KIND === 'hello') {
    const res = http.get(`${BASE}/hello`);
    if (res.status !== 200) bad.add(1);
    else {
      good.add(1);
      countLatency(res);
    }
    return;
  }
  const reader = readers[Math.floor(Math.random() * readers.length)];
  // Bodies as bytes, not strings, except the sampled check: turning each ~7 KiB page into a JS
  // string cost the load generator ~10% more CPU per request, CPU the server under test shares.
  const sampled = __ITER % 50 === 0;
  const res = http.get(`${BASE}/timelines/${reader.id}?limit=20`, {
    headers: { Authorization: `Bearer ${reader.token}` },
    responseType: sampled ? 'text' : 'binary',
  });
  // A degraded answer (Redis down: built from Postgres) is not the cache hit being measured.
  if (res.status === 503 && problemCode(res) === 'OVERLOADED') shed.add(1);
  else if (res.status !== 200 || res.headers['X-Degraded'] || res.headers['X-Timeline-Degraded']) bad.add(1);
  else if (sampled && res.json('items.#') !== 20) short.add(1);
  else {
    good.add(1);
    countLatency(res);
  }
}

/** The `code` of a small problem+json body, whether k6 returned it as text or as bytes. */
function problemCode(res) {
  const text =
    typeof res.body === 'string' ? res.body : String.fromCharCode(...new Uint8Array(res.body, 0, Math.min(2048, res.body.byteLength)));
  const match = /"code":"([A-Z_]+)"/.exec(text);
  return match ? match[1] : undefined;
}
