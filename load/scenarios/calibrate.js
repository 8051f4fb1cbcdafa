// calibrate: measures what the overload scenario needs, after a warm-up that is not measured
// (fresh instances: cold JIT, caches and consumers made the first ~15 s up to 5x slower).
// CLOSED_STEPS set ("32,64,128,256"): a closed model (N users in a tight loop) per step, one
// after the other; capacity = the plateau of goodput over the steps, so it does not depend on
// one guessed user count (64 users did not saturate the instances). RATE set: an open model at
// that rate, whose p99 is the "unloaded" latency. Measured phases are named `step<N>` / `rate`;
// the thresholds below only make k6 export their sub-metrics, they judge nothing.
import { MAX_VUS, RATE, TREND_STATS, mixWeights } from './lib/config.js';
import { makeOps, runMix } from './lib/ops.js';
import { poolOf, setupUsers } from './lib/setup.js';

const steps = (__ENV.CLOSED_STEPS || '')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const WARMUP = Number(__ENV.WARMUP_SECONDS || 20);
const STEP = Number(__ENV.STEP_SECONDS || 10);

const scenarios = {};
const thresholds = {};
const measured = (name) => {
  thresholds[`goodput{scenario:${name}}`] = ['count>=0'];
  thresholds[`admitted_duration{scenario:${name}}`] = ['p(99)>=0'];
};
if (steps.length > 0) {
  scenarios.warmup = { executor: 'constant-vus', vus: steps[0], duration: `${WARMUP}s`, gracefulStop: '0s' };
  steps.forEach((vus, i) => {
    scenarios[`step${vus}`] = {
      executor: 'constant-vus',
      vus,
      startTime: `${WARMUP + i * STEP}s`,
      duration: `${STEP}s`,
      gracefulStop: '0s',
    };
    measured(`step${vus}`);
  });
} else {
  const open = {
    executor: 'constant-arrival-rate',
    rate: RATE,
    timeUnit: '1s',
    preAllocatedVUs: Math.min(MAX_VUS, 50),
    maxVUs: MAX_VUS,
    gracefulStop: '0s',
  };
  scenarios.warmup = { ...open, duration: `${WARMUP}s` };
  scenarios.rate = { ...open, startTime: `${WARMUP}s`, duration: `${STEP}s` };
  measured('rate');
}

export const options = { scenarios, thresholds, summaryTrendStats: TREND_STATS, setupTimeout: '120s' };

const weights = mixWeights();
export const setup = setupUsers;
export default function (data) {
  runMix(makeOps(poolOf(data)), weights);
}
