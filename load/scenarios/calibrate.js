// calibrate: measures what the overload scenario needs. CLOSED_VUS set: a closed model
// (N users in a tight loop) whose throughput is the system's capacity; RATE set: an open
// model at that rate, whose p99 is the "unloaded" latency.
import { DURATION, MAX_VUS, RATE, TREND_STATS, mixWeights } from './lib/config.js';
import { makeOps, runMix } from './lib/ops.js';
import { poolOf, setupUsers } from './lib/setup.js';

const closed = Number(__ENV.CLOSED_VUS || 0);

export const options = {
  scenarios: {
    calibrate: closed > 0
      ? { executor: 'constant-vus', vus: closed, duration: DURATION }
      : { executor: 'constant-arrival-rate', rate: RATE, timeUnit: '1s', duration: DURATION, preAllocatedVUs: Math.min(MAX_VUS, 50), maxVUs: MAX_VUS },
  },
  summaryTrendStats: TREND_STATS,
  setupTimeout: '120s',
};

const weights = mixWeights();
export const setup = setupUsers;
export default function (data) {
  runMix(makeOps(poolOf(data)), weights);
}
