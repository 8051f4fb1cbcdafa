// overload: ramp from half of capacity to twice capacity, hold there. The runner measures
// CAPACITY (sustained req/s) and UNLOADED_P99 (ms) first, runs this twice (shedding on and
// off) and puts both in one report. Targets with shedding on: goodput during the hold >= 90%
// of capacity, p99 of admitted requests <= 3x the unloaded p99.
import { MAX_VUS, TREND_STATS, mixWeights } from './lib/config.js';
import { makeOps, runMix } from './lib/ops.js';
import { poolOf, setupUsers } from './lib/setup.js';
import { DEADLINES, NO_TRANSPORT_ERRORS, forScenario } from './lib/thresholds.js';

const CAPACITY = Number(__ENV.CAPACITY || 1000);
const UNLOADED_P99 = Number(__ENV.UNLOADED_P99 || 20);
const RAMP = Number(__ENV.RAMP_SECONDS || 20);
const HOLD = Number(__ENV.HOLD_SECONDS || 30);
const vus = { preAllocatedVUs: Math.min(MAX_VUS, 100), maxVUs: MAX_VUS, timeUnit: '1s' };

export const options = {
  scenarios: {
    ramp: {
      executor: 'ramping-arrival-rate',
      startRate: Math.round(CAPACITY / 2),
      stages: [{ target: 2 * CAPACITY, duration: `${RAMP}s` }],
      ...vus,
    },
    hold: { executor: 'constant-arrival-rate', startTime: `${RAMP}s`, rate: 2 * CAPACITY, duration: `${HOLD}s`, ...vus },
  },
  thresholds: {
    ...NO_TRANSPORT_ERRORS,
    ...DEADLINES,
    ...forScenario('hold', {
      goodput: [`count>=${Math.floor(0.9 * CAPACITY * HOLD)}`],
      admitted_duration: [`p(99)<=${(3 * UNLOADED_P99).toFixed(1)}`],
      server_errors_5xx: ['count<1'],
    }),
  },
  summaryTrendStats: TREND_STATS,
  setupTimeout: '120s',
};

const weights = mixWeights();
export const setup = setupUsers;
export default function (data) {
  runMix(makeOps(poolOf(data)), weights);
}
