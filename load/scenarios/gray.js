// gray: steady load while the runner applies gray faults (Toxiproxy toxics, slow clients) one at
// a time. The chaos mix and checks; the rate ramps up over the first 10 s of the warm-up, so cold
// instances (JIT, pools) are not what the first fault is measured against.
import { MAX_VUS, RATE, TREND_STATS, mixWeights } from './lib/config.js';
import { makeOps, runMix } from './lib/ops.js';
import { poolOf, setupUsers } from './lib/setup.js';
import { DEADLINES, NO_TRANSPORT_ERRORS } from './lib/thresholds.js';

const seconds = Number.parseInt(__ENV.DURATION || '300s', 10);
const RAMP_SECONDS = 10;

export const options = {
  scenarios: {
    gray: {
      executor: 'ramping-arrival-rate',
      startRate: Math.ceil(RATE / 10),
      timeUnit: '1s',
      preAllocatedVUs: Math.min(MAX_VUS, 50),
      maxVUs: MAX_VUS,
      stages: [
        { target: RATE, duration: `${RAMP_SECONDS}s` },
        { target: RATE, duration: `${Math.max(1, seconds - RAMP_SECONDS)}s` },
      ],
    },
  },
  thresholds: { ...NO_TRANSPORT_ERRORS, ...DEADLINES },
  summaryTrendStats: TREND_STATS,
  setupTimeout: '120s',
};

const weights = mixWeights();
export const setup = setupUsers;
export default function (data) {
  runMix(makeOps(poolOf(data)), weights);
}
