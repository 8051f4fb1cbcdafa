// soak: a long (but bounded) steady run; the runner samples memory and connection counts of
// every instance and of Postgres/Redis alongside, and checks they stay flat.
import { MAX_VUS, RATE, TREND_STATS, mixWeights } from './lib/config.js';
import { makeOps, runMix } from './lib/ops.js';
import { poolOf, setupUsers } from './lib/setup.js';
import { STEADY, forScenario } from './lib/thresholds.js';

// Cold caches (timelines materialised on first read, JIT) are not the steady state: the
// thresholds read only the main phase, after WARMUP_SECONDS at the same rate.
const WARMUP = Number(__ENV.WARMUP_SECONDS || 10);

export const options = {
  scenarios: {
    warmup: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: `${WARMUP}s`,
      preAllocatedVUs: Math.min(MAX_VUS, 50),
      maxVUs: MAX_VUS,
    },
    soak: {
      executor: 'constant-arrival-rate',
      startTime: `${WARMUP}s`,
      rate: RATE,
      timeUnit: '1s',
      duration: __ENV.DURATION || '10m',
      preAllocatedVUs: Math.min(MAX_VUS, 50),
      maxVUs: MAX_VUS,
    },
  },
  thresholds: forScenario('soak', STEADY),
  summaryTrendStats: TREND_STATS,
  setupTimeout: '120s',
};

const weights = mixWeights();
export const setup = setupUsers;
export default function (data) {
  runMix(makeOps(poolOf(data)), weights);
}
