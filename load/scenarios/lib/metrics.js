// Custom metrics of every scenario: how each response is classified. They show up over time in
// the report (k6's dashboard recording) and in the end summary the thresholds read.
import { Counter, Rate, Trend } from 'k6/metrics';
import { DEADLINE_MS, DEADLINE_SLACK_MS } from './config.js';

export const ok = new Counter('responses_ok');
/** 2xx answered within the deadline: the goodput of the overload scenario. */
export const good = new Counter('goodput');
export const shed = new Counter('shed_503');
export const rateLimited = new Counter('rate_limited_429');
/** 5xx other than load shedding: 500s, 504s, dependency 503s. */
export const serverErrors = new Counter('server_errors_5xx');
/** 4xx the mix does not expect (404/409 on follows are expected and not counted). */
export const clientErrors = new Counter('unexpected_4xx');
/** No HTTP answer at all (connection refused/reset, client timeout). */
export const transportErrors = new Counter('transport_errors');
export const degraded = new Counter('degraded_responses');
/** Answered timeline reads: the denominator of the degraded-read share (sub-metrics are not in the recording). */
export const timelineReads = new Counter('timeline_reads');
/** Replies that came back later than the deadline the request carried (plus slack). */
export const outlivedDeadline = new Counter('outlived_deadline');
/** Any response that is not a success for the user: shed, limited, 5xx, unexpected 4xx, no answer. */
export const errors = new Rate('errors');
/** Latency of requests the server admitted (everything but sheds and transport errors). */
export const admitted = new Trend('admitted_duration', true);

let serverErrorsLogged = 0;
const opTrends = {};
/** Per-operation latency trend (`op_timeline`, `op_post`...), created in the init context. */
export function opTrend(op) {
  opTrends[op] ??= new Trend(`op_${op}`, true);
  return opTrends[op];
}
for (const op of ['timeline', 'user', 'post', 'follow', 'media', 'signup']) opTrend(op);

/**
 * Classifies one response into the counters above. `expected` lists extra statuses that are a
 * normal outcome for this operation (e.g. 409 when following someone already followed).
 * Returns true when the response counts as a success.
 */
export function classify(op, res, expected = []) {
  const status = res.status;
  const duration = res.timings.duration;
  const isShed = status === 503 && typeof res.body === 'string' && res.body.includes('"OVERLOADED"');
  if (status !== 0 && !isShed) admitted.add(duration, { op });
  opTrend(op).add(duration);
  if (status !== 0 && duration > DEADLINE_MS + DEADLINE_SLACK_MS) outlivedDeadline.add(1, { op });
  if (res.headers['X-Degraded'] || res.headers['X-Timeline-Degraded']) degraded.add(1, { op });
  if (op === 'timeline' && status !== 0) timelineReads.add(1);

  let success = false;
  if (status >= 200 && status < 300) {
    success = true;
    ok.add(1, { op });
    if (duration <= DEADLINE_MS) good.add(1, { op });
  } else if (expected.includes(status)) {
    success = true;
    ok.add(1, { op });
  } else if (status === 0) transportErrors.add(1, { op });
  else if (isShed) shed.add(1, { op });
  else if (status === 429) rateLimited.add(1, { op });
  else if (status >= 500) {
    serverErrors.add(1, { op, status: String(status) });
    // A few per VU into the k6 log: the report lists them, so a 5xx comes with its cause.
    if (serverErrorsLogged++ < 3) console.warn(`5XX ${JSON.stringify({ op, status, body: String(res.body).slice(0, 300) })}`);
  } else clientErrors.add(1, { op, status: String(status) });
  errors.add(!success, { op });
  return success;
}
