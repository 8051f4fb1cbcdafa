// Settings every scenario shares, from k6's environment (the load runner sets them).
// Each part of the request mix is switchable: the runner enables only the functions that exist.

/** Base URL of each function (loopback only). */
export const URLS = {
  users: __ENV.USERS_URL || 'http://127.0.0.1:8081',
  posts: __ENV.POSTS_URL || 'http://127.0.0.1:8082',
  timeline: __ENV.TIMELINE_URL || 'http://127.0.0.1:8083',
  media: __ENV.MEDIA_URL || 'http://127.0.0.1:8084',
};

/** Server-side budget asked for with X-Request-Timeout-Ms; a reply later than this outlived its deadline. */
/** Password of accounts the scripts sign up (they act through the sign-up token, never log in). */
export const LOAD_PASSWORD = __ENV.LOAD_PASSWORD || 'load-test-password';

export const DEADLINE_MS = Number(__ENV.REQUEST_DEADLINE_MS || 2000);
/** Client clock and scheduling slack allowed on top of the deadline before counting a violation. */
export const DEADLINE_SLACK_MS = Number(__ENV.DEADLINE_SLACK_MS || 250);

/** Offered load in requests per second (the scenario's base rate). */
export const RATE = Number(__ENV.RATE || 200);
/** Duration of the main phase, e.g. `60s`. */
export const DURATION = __ENV.DURATION || '60s';
/** Upper bound of VUs k6 may use to keep the arrival rate (a bound, so overload cannot exhaust the box). */
export const MAX_VUS = Number(__ENV.MAX_VUS || 400);

/**
 * Request mix weights (`timeline=85,user=6,post=6,follow=2,media=1`): DDIA's home timeline is
 * read-dominated (Twitter, 2012: 300k timeline reads/s against 4.6k posts/s). Only the parts
 * listed in MIX_ENABLE run; the others' weight is dropped and the report says so.
 */
export function mixWeights() {
  const enabled = new Set((__ENV.MIX_ENABLE || 'user,signup').split(',').filter(Boolean));
  const weights = {};
  for (const part of (__ENV.MIX || 'timeline=85,user=6,post=6,follow=2,media=1,signup=0').split(',')) {
    const [name, value] = part.split('=');
    if (enabled.has(name) && Number(value) > 0) weights[name] = Number(value);
  }
  // With nothing but the users function, read users and sign up (the only write there is).
  if (Object.keys(weights).length === 0) {
    if (enabled.has('user')) weights.user = 90;
    if (enabled.has('signup')) weights.signup = 10;
  }
  return weights;
}

/** Summary trend stats every scenario reports. */
export const TREND_STATS = ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max', 'count'];
