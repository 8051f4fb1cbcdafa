import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { LOCAL_DEFAULTS } from './local-defaults.ts';
import { FUNCTION_CREDENTIAL_NAMES, PRODUCTION_ENV } from './testing/production-env.ts';

// Node side of production mode: the real process entries, started as an operator would.

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs an entry until it exits or prints `readyText` (then stops it with SIGTERM). */
async function runEntry(entry: string, env: Record<string, string>, readyText: string): Promise<Outcome> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !(name in PRODUCTION_ENV)));
  const child = spawn(process.execPath, [entry], { env: { ...base, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes(readyText)) child.kill('SIGTERM');
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

describe('ATLAS_ENV=production on Node', () => {
  it('a function process exits before listening while development defaults are in effect, naming each', async () => {
    const outcome = await runEntry('functions/users/users.node.ts', { ATLAS_ENV: 'production', USERS_PORT: '0' }, 'function listening');
    expect(outcome.code).toBe(78);
    expect(outcome.stdout).not.toContain('function listening');
    for (const name of FUNCTION_CREDENTIAL_NAMES) expect(outcome.stderr).toContain(name);
  });

  it('a function process starts once every credential has a production value', async () => {
    const outcome = await runEntry('functions/users/users.node.ts', { ...PRODUCTION_ENV, USERS_PORT: '0' }, 'function listening');
    expect(outcome.stdout).toContain('function listening');
  });

  it('the Redis REST endpoint refuses its development token', async () => {
    const outcome = await runEntry('local-infra/redis-rest/main.ts', { ATLAS_ENV: 'production', REDIS_REST_PORT: '0' }, 'listening');
    expect(outcome.code).toBe(78);
    expect(outcome.stderr).toContain('REDIS_REST_TOKEN');
  });

  it('the metrics sidecar refuses its development push token, and starts with a production one', async () => {
    const refused = await runEntry(
      'local-infra/metrics-sidecar/main.ts',
      { ATLAS_ENV: 'production', METRICS_SIDECAR_PORT: '0' },
      'listening',
    );
    expect(refused.code).toBe(78);
    expect(refused.stderr).toContain('METRICS_PUSH_TOKEN');
    const env = { ATLAS_ENV: 'production', METRICS_SIDECAR_PORT: '0', METRICS_PUSH_TOKEN: 'a-production-push-token' };
    expect((await runEntry('local-infra/metrics-sidecar/main.ts', env, 'listening')).stdout).toContain('listening');
  });

  it('the Redis REST endpoint refuses the development password of its Redis ACL user', async () => {
    const redisUrl = `redis://atlas-rest:${LOCAL_DEFAULTS.REDIS_REST_ACL_PASSWORD}@127.0.0.1:6379`;
    const outcome = await runEntry(
      'local-infra/redis-rest/main.ts',
      { ATLAS_ENV: 'production', REDIS_REST_PORT: '0', REDIS_URL: redisUrl },
      'listening',
    );
    expect(outcome.code).toBe(78);
    expect(outcome.stderr).toContain('REDIS_REST_ACL_PASSWORD');
  });

  it('the Redis REST endpoint refuses to log in to Redis as the default user (scripts could reach FLUSHALL)', async () => {
    const env = { ATLAS_ENV: 'production', REDIS_REST_PORT: '0', REDIS_REST_TOKEN: 'a-production-token' };
    const asDefault = await runEntry('local-infra/redis-rest/main.ts', { ...env, REDIS_URL: 'redis://127.0.0.1:6379' }, 'listening');
    expect(asDefault.code).toBe(78);
    expect(asDefault.stderr).toContain('ACL user');
    const asUser = await runEntry(
      'local-infra/redis-rest/main.ts',
      { ...env, REDIS_URL: 'redis://atlas-rest:a-production-password@127.0.0.1:6379' },
      'listening',
    );
    expect(asUser.stdout).toContain('listening');
  });
});
