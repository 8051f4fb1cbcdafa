// One URL in a closed loop (npm run bench:gateway): VUS users for SECONDS, every non-200 counted.
import http from 'k6/http';
import { Counter } from 'k6/metrics';

const bad = new Counter('bad_responses');

export const options = {
  scenarios: { get: { executor: 'constant-vus', vus: Number(__ENV.VUS || 20), duration: `${__ENV.SECONDS || 10}s` } },
  summaryTrendStats: ['avg', 'med', 'p(90)', 'p(95)', 'p(99)', 'max', 'count'],
};

export default function () {
  const res = http.get(__ENV.URL, { responseType: 'none' });
  if (res.status !== 200) bad.add(1);
}
