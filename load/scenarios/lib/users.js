// The user population and who acts: drawn from a heavy-tailed (Zipf) distribution, so a few
// users are very active (and, in the seeded graph, very followed), as on Twitter.
import { SharedArray } from 'k6/data';

/**
 * Users prepared by the runner (`USERS_FILE`: JSON array of `{ id, token, followers }`,
 * most-followed first). Loaded once and shared read-only by every VU.
 */
export const USERS = new SharedArray('users', () => (__ENV.USERS_FILE ? JSON.parse(open(__ENV.USERS_FILE)) : []));

const ZIPF_S = Number(__ENV.ZIPF_S || 1.0);
let cdf;

/** Cumulative Zipf(s) weights over ranks 1..n (built once per VU, lazily). */
function buildCdf(n) {
  const weights = new Float64Array(n);
  let total = 0;
  for (let rank = 1; rank <= n; rank++) {
    total += 1 / Math.pow(rank, ZIPF_S);
    weights[rank - 1] = total;
  }
  for (let i = 0; i < n; i++) weights[i] /= total;
  return weights;
}

/** Index of a user drawn from Zipf(s): index 0 is the most active. */
export function zipfIndex(n) {
  if (!cdf || cdf.length !== n) cdf = buildCdf(n);
  const u = Math.random();
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A user drawn from the heavy-tailed distribution (`pool` = USERS or setup()'s users). */
export function pickUser(pool) {
  return pool[zipfIndex(pool.length)];
}

/** A user drawn uniformly (e.g. whom to follow, whose profile to read). */
export function pickUniform(pool) {
  return pool[Math.floor(Math.random() * pool.length)];
}
