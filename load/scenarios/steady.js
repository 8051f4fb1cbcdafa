// steady: the DDIA-shaped mix at a constant arrival rate (open model: latency is not hidden by
// a slow server slowing the client down). Run it at about half of capacity.
import { DURATION, MAX_VUS, RATE, TREND_STATS, mixWeights } from './lib/config.js';
import { makeOps, runMix } from './lib/ops.js';
import { poolOf, setupUsers } from './lib/setup.js';
import { STEADY } from './lib/thresholds.js';

export const options = {
  scenarios: {
    steady: { executor: 'constant-arrival-rate', rate: RATE, timeUnit: '1s', duration: DURATION, preAllocatedVUs: Math.min(MAX_VUS, 50), maxVUs: MAX_VUS },
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
