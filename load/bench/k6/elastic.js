// Spike from zero against the platform's gateway (npm run bench:elastic): closed-loop users
// reading one profile (GET /users/{id}) in stages: a spike from 0 to SPIKE_VUS, a burst past the
// function's max instances x max concurrency, a tail of a few users, then nothing. A 429 is
// honoured as a well-behaved client would (sleep Retry-After); a 503 OVERLOADED is an
// instance's own load shedding (counted apart, it is not the platform losing a request);
// anything else but 200 is a failed request. Requests the activator held for a cold start are
// timed separately.
import http from 'k6/http';
import { sleep } from 'k6';
import { Counter, Trend } from 'k6/metrics';

const BASE = __ENV.BASE_URL;
const USER_ID = __ENV.USER_ID;
const ok = new Counter('ok_responses');
const throttled = new Counter('throttled_responses');
const failed = new Counter('failed_responses');
const shed = new Counter('shed_responses');
const coldStarts = new Counter('cold_start_responses');
const coldStartLatency = new Trend('cold_start_request_duration', true);

const spike = Number(__ENV.SPIKE_VUS || 40);
const burst = Number(__ENV.BURST_VUS || 260);

export const options = {
  scenarios: {
    elastic: {
      executor: 'ramping-vus',
      startVUs: 0,
      gracefulRampDown: '5s',
      stages: [
        { duration: '1s', target: spike },
        { duration: __ENV.HOLD || '14s', target: spike },
        { duration: '1s', target: burst },
        { duration: __ENV.BURST_HOLD || '5s', target: burst },
        { duration: '1s', target: 3 },
        { duration: __ENV.TAIL || '8s', target: 3 },
      ],
    },
  },
  summaryTrendStats: ['avg', 'med', 'p(90)', 'p(95)', 'p(99)', 'max', 'count'],
};

http.setResponseCallback(http.expectedStatuses(200, 429, 503));

export default function () {
  const res = http.get(`${BASE}/users/${USER_ID}`, { timeout: '30s' });
  if (res.status === 200) {
    ok.add(1);
    if (res.headers['Atlas-Cold-Start'] === 'true') {
      coldStarts.add(1);
      coldStartLatency.add(res.timings.duration);
    }
  } else if (res.status === 429) {
    throttled.add(1);
    sleep(Number(res.headers['Retry-After'] || 1));
  } else if (res.status === 503 && problemCode(res) === 'OVERLOADED') {
    shed.add(1);
  } else {
    failed.add(1);
    console.warn(`failed request: status ${res.status} ${res.error || ''}`);
  }
}

function problemCode(res) {
  try {
    return res.json('code');
  } catch {
    return undefined;
  }
}
