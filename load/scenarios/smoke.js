// smoke (CI): tens of seconds of the mix at a low rate. Fails on real breakage only: more than
// 1% errors, any 5xx, any dropped connection, any reply past its deadline. No latency bound:
// CI machines are shared and noisy.
import { MAX_VUS, RATE, TREND_STATS, mixWeights } from './lib/config.js';
import { makeOps, runMix } from './lib/ops.js';
import { poolOf, setupUsers } from './lib/setup.js';
import { DEADLINES, NO_TRANSPORT_ERRORS } from './lib/thresholds.js';

export const options = {
  scenarios: {
    smoke: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: __ENV.DURATION || '20s',
      preAllocatedVUs: 10,
      maxVUs: Math.min(MAX_VUS, 100),
    },
  },
  thresholds: { errors: ['rate<0.01'], server_errors_5xx: ['count<1'], ...NO_TRANSPORT_ERRORS, ...DEADLINES },
  summaryTrendStats: TREND_STATS,
  setupTimeout: '120s',
};

const weights = mixWeights();
export const setup = setupUsers;
export default function (data) {
  runMix(makeOps(poolOf(data)), weights);
}
