// chaos: steady load while the runner stops and restarts Postgres, Redis, Kafka and MinIO in
// turn. Errors are expected while a dependency is down (fast 503s, degraded timelines); what
// must hold: the functions keep answering, no reply outlives its deadline, and afterwards the
// checker finds every acknowledged post (logged as ACK lines) in every follower's timeline once.
import { MAX_VUS, RATE, TREND_STATS, mixWeights } from './lib/config.js';
import { makeOps, runMix } from './lib/ops.js';
import { poolOf, setupUsers } from './lib/setup.js';
import { DEADLINES, NO_TRANSPORT_ERRORS } from './lib/thresholds.js';

export const options = {
  scenarios: {
    chaos: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: __ENV.DURATION || '180s',
      preAllocatedVUs: Math.min(MAX_VUS, 50),
      maxVUs: MAX_VUS,
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
