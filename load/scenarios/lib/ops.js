// The operations of the request mix, against the functions' HTTP APIs.
import http from 'k6/http';
import { DEADLINE_MS, LOAD_PASSWORD, URLS } from './config.js';
import { classify } from './metrics.js';
import { pickUniform, pickUser } from './users.js';

const TIMELINE_LIMIT = Number(__ENV.TIMELINE_LIMIT || 20);
const FOLLOW_PATH = __ENV.FOLLOW_PATH || '/users/{follower}/following/{followee}';
const LOG_ACKS = __ENV.LOG_ACKS === '1';
// A 1x1 PNG: the media function checks the type by content, not by the header.
const PNG = new Uint8Array([
  137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 31, 21, 196, 137, 0, 0, 0, 13, 73,
  68, 65, 84, 120, 156, 99, 248, 15, 4, 0, 9, 251, 3, 253, 227, 85, 242, 156, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
]).buffer;

// Every response is classified by metrics.js, so k6's own http_req_failed should not double count.
http.setResponseCallback(http.expectedStatuses({ min: 200, max: 299 }));

function params(op, user, extra = {}) {
  const headers = { 'X-Request-Timeout-Ms': String(DEADLINE_MS), ...extra };
  if (user && user.token) headers.Authorization = `Bearer ${user.token}`;
  // The client gives up a little after the server's deadline: a server that ignores its deadline shows up as outlived.
  return { headers, tags: { op, name: op }, timeout: `${DEADLINE_MS + 3000}ms` };
}

/** Builds the operations over a user pool (the runner's users file or setup()'s users). */
export function makeOps(pool) {
  return {
    timeline() {
      const user = pickUser(pool);
      const res = http.get(`${URLS.timeline}/timelines/${user.id}?limit=${TIMELINE_LIMIT}`, params('timeline', user));
      classify('timeline', res);
    },
    user() {
      const res = http.get(`${URLS.users}/users/${pickUniform(pool).id}`, params('user'));
      classify('user', res);
    },
    post() {
      const user = pickUser(pool);
      const text = `load ${__ENV.RUN_ID || 'run'} vu${__VU} it${__ITER} ${Date.now()}`;
      const started = Date.now();
      const res = http.post(`${URLS.posts}/posts`, JSON.stringify({ text }), params('post', user, { 'Content-Type': 'application/json' }));
      if (classify('post', res) && LOG_ACKS) {
        const post = res.json();
        // The chaos checker reads these lines: every acknowledged post must exist and reach its followers.
        console.log(`ACK ${JSON.stringify({ postId: post.id, authorId: user.id, sentAt: started, ackAt: Date.now() })}`);
      }
    },
    follow() {
      const user = pickUser(pool);
      const followee = pickUser(pool);
      if (followee.id === user.id) return;
      const path = FOLLOW_PATH.replace('{followee}', followee.id).replace('{follower}', user.id);
      // PUT as yourself, idempotent: 201 now following, 200 already following.
      const res = http.put(`${URLS.users}${path}`, null, params('follow', user));
      classify('follow', res);
    },
    media() {
      const user = pickUser(pool);
      const res = http.post(`${URLS.media}/media`, PNG, params('media', user, { 'Content-Type': 'image/png' }));
      classify('media', res);
    },
    signup() {
      const handle = `ld${__VU}x${__ITER}x${Math.floor(Math.random() * 1e9).toString(36)}`.slice(0, 30);
      const res = http.post(
        `${URLS.users}/users`,
        JSON.stringify({ handle, password: LOAD_PASSWORD, displayName: 'Load user' }),
        params('signup', undefined, { 'Content-Type': 'application/json' }),
      );
      classify('signup', res);
    },
  };
}

/** Picks one operation by weight and runs it (one iteration = one request). */
export function runMix(ops, weights) {
  const names = Object.keys(weights);
  let total = 0;
  for (const name of names) total += weights[name];
  let u = Math.random() * total;
  for (const name of names) {
    u -= weights[name];
    if (u <= 0) return ops[name]();
  }
  return ops[names[names.length - 1]]();
}
