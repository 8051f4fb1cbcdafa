// spike: steady base rate, a sudden 5x burst, and back. Thresholds: nothing breaks (no 5xx
// besides shedding, no dropped connections, no reply past its deadline) and, once the burst is
// over, latency is back within the SLO (the "after" phase).
import { MAX_VUS, RATE, TREND_STATS, mixWeights } from './lib/config.js';
import { makeOps, runMix } from './lib/ops.js';
import { poolOf, setupUsers } from './lib/setup.js';
import { DEADLINES, NO_TRANSPORT_ERRORS, forScenario } from './lib/thresholds.js';

const PHASE = Number(__ENV.PHASE_SECONDS || 20);
const FACTOR = Number(__ENV.SPIKE_FACTOR || 5);
const vus = { preAllocatedVUs: Math.min(MAX_VUS, 50), maxVUs: MAX_VUS, timeUnit: '1s' };

export const options = {
  scenarios: {
    before: { executor: 'constant-arrival-rate', rate: RATE, duration: `${PHASE}s`, ...vus },
    spike: {
      executor: 'ramping-arrival-rate',
      startTime: `${PHASE}s`,
      startRate: RATE,
      ...vus,
      stages: [
        { target: RATE * FACTOR, duration: '2s' },
        { target: RATE * FACTOR, duration: `${PHASE}s` },
        { target: RATE, duration: '2s' },
      ],
    },
    after: { executor: 'constant-arrival-rate', startTime: `${2 * PHASE + 4}s`, rate: RATE, duration: `${PHASE}s`, ...vus },
  },
  thresholds: {
    ...NO_TRANSPORT_ERRORS,
    ...DEADLINES,
    server_errors_5xx: ['count<1'],
    ...forScenario('before', { errors: ['rate<0.01'], admitted_duration: ['p(99)<250'] }),
    ...forScenario('after', { errors: ['rate<0.01'], admitted_duration: ['p(99)<250'] }),
  },
  summaryTrendStats: TREND_STATS,
  setupTimeout: '120s',
};

const weights = mixWeights();
export const setup = setupUsers;
export default function (data) {
  runMix(makeOps(poolOf(data)), weights);
}
