// soak: a long (but bounded) steady run; the runner samples memory and connection counts of
// every instance and of Postgres/Redis alongside, and checks they stay flat.
import { MAX_VUS, RATE, TREND_STATS, mixWeights } from './lib/config.js';
import { makeOps, runMix } from './lib/ops.js';
import { poolOf, setupUsers } from './lib/setup.js';
import { STEADY } from './lib/thresholds.js';

export const options = {
  scenarios: {
    soak: { executor: 'constant-arrival-rate', rate: RATE, timeUnit: '1s', duration: __ENV.DURATION || '10m', preAllocatedVUs: Math.min(MAX_VUS, 50), maxVUs: MAX_VUS },
  },
  thresholds: STEADY,
  summaryTrendStats: TREND_STATS,
  setupTimeout: '120s',
};

const weights = mixWeights();
export const setup = setupUsers;
export default function (data) {
  runMix(makeOps(poolOf(data)), weights);
}
