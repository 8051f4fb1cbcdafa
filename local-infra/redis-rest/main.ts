/**
 * Entry of the Upstash-compatible Redis REST endpoint (launched by `local-infra` as the
 * `redis-rest` service, or by hand: `node local-infra/redis-rest/main.ts`).
 *
 * Env: REDIS_URL (default redis://<REDIS_REST_ACL_USER>:<REDIS_REST_ACL_PASSWORD>@127.0.0.1:<REDIS_PORT>,
 * the endpoint's own ACL user, see local-infra/services/redis-acl.ts), REDIS_REST_PORT (8079),
 * REDIS_REST_TOKEN (the development token), REDIS_REST_POOL_SIZE (50), REDIS_REST_HOST (127.0.0.1).
 */
import { localSetting } from '#shared/config/local-defaults.ts';
import { assertNoDevelopmentDefaults } from '#shared/config/production-guard.ts';
import { parseRedisUrl } from './redis-connection.ts';
import { createRedisRestServer } from './server.ts';

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`redis-rest: ${name} must be a non-negative integer, got "${text}"`);
    process.exit(2);
  }
  return value;
}

const env = process.env;
const token = localSetting('REDIS_REST_TOKEN', env);
const aclUser = encodeURIComponent(localSetting('REDIS_REST_ACL_USER', env));
const aclPassword = encodeURIComponent(localSetting('REDIS_REST_ACL_PASSWORD', env));
const redisUrl = env.REDIS_URL ?? `redis://${aclUser}:${aclPassword}@127.0.0.1:${localSetting('REDIS_PORT', env)}`;
try {
  const target = parseRedisUrl(redisUrl);
  assertNoDevelopmentDefaults(env, { REDIS_REST_TOKEN: token, REDIS_REST_ACL_PASSWORD: target.password ?? '' });
  // Logged in as the default user, scripts could reach FLUSHALL: production wants the ACL user.
  if (env['ATLAS_ENV'] === 'production' && (target.username === undefined || target.username === 'default')) {
    throw new Error("ATLAS_ENV=production: REDIS_URL must name the endpoint's own ACL user (redis://<user>:<password>@host:port)");
  }
} catch (error) {
  console.error(`redis-rest: ${(error as Error).message}`);
  process.exit(78);
}
const server = await createRedisRestServer({
  redisUrl,
  token,
  port: positiveInteger('REDIS_REST_PORT', localSetting('REDIS_REST_PORT', env)),
  host: env.REDIS_REST_HOST ?? '127.0.0.1',
  poolSize: positiveInteger('REDIS_REST_POOL_SIZE', env.REDIS_REST_POOL_SIZE ?? '50') || 50,
}).catch((error: unknown) => {
  console.error(`redis-rest: cannot start: ${(error as Error).message}`);
  process.exit(1);
});

console.log(`redis-rest: listening on ${server.url} -> ${redisUrl.replace(/\/\/[^@/]*@/, '//***@')} (pool ${server.pool.size})`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    void server.close().then(() => process.exit(0));
  });
}
