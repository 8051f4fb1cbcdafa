/**
 * The platform process of `npm run bench:gateway`: the users function at exactly one warm
 * instance behind a gateway on a free port; signs one user up and prints one JSON line
 * `{gateway, instance, userId}` on stdout; runs until SIGTERM.
 */
import { usersFunction } from '#functions/users/index.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { silentLogger } from '#shared/observability/logger.ts';
import { startPlatform } from '#local-infra/platform/platform.ts';

const users = { ...usersFunction, scaling: { minInstances: 1, maxInstances: 1 } };
const platform = await startPlatform({
  functions: [users],
  config: loadConfig(process.env),
  env: process.env,
  port: 0,
  triggers: false,
  logger: silentLogger,
});
const port = platform.pools.get('users')?.view()[0]?.port;
const res = await fetch(`${platform.gateway.url}/users`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ handle: `gwbench_${Date.now().toString(36)}`, displayName: 'Gateway bench', password: 'gateway-bench-password' }),
});
if (res.status !== 201 || !port) throw new Error(`setup failed: sign-up ${res.status}, instance port ${port}`);
const userId = ((await res.json()) as { user: { id: string } }).user.id;
process.stdout.write(`${JSON.stringify({ gateway: platform.gateway.url, instance: `http://127.0.0.1:${port}`, userId })}\n`);
process.once('SIGTERM', () => {
  void platform.close().then(() => process.exit(0));
});
