// Users for the run: the runner's users file when given, else created through the API in setup().
import http from 'k6/http';
import { LOAD_PASSWORD, URLS } from './config.js';
import { USERS } from './users.js';

/** k6 setup(): returns the user pool the VUs draw from. */
export function setupUsers() {
  if (USERS.length > 0) return { users: null };
  const count = Number(__ENV.SEED_USERS || 200);
  const users = [];
  const run = (__ENV.RUN_ID || 'r').replace(/[^A-Za-z0-9]/g, '').slice(-8);
  for (let start = 0; start < count; start += 50) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + 50); i++) {
      const body = JSON.stringify({ handle: `s${run}u${i}`.slice(0, 30), password: LOAD_PASSWORD, displayName: `Seed user ${i}` });
      batch.push(['POST', `${URLS.users}/users`, body, { headers: { 'Content-Type': 'application/json' }, tags: { name: 'setup' } }]);
    }
    for (const res of http.batch(batch)) {
      if (res.status !== 201) throw new Error(`setup: POST /users answered ${res.status}: ${res.body}`);
      // Sign-up answers { user, token } (older builds: the user alone, no token).
      const body = res.json();
      const user = body.user || body;
      users.push({ id: user.id, token: body.token || '' });
    }
  }
  return { users };
}

/** The pool VUs use: setup()'s users or the shared users file. */
export function poolOf(data) {
  return data && data.users ? data.users : USERS;
}
