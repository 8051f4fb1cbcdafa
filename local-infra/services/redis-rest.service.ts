import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { InfraConfig } from './config.ts';
import { InfraError } from './errors.ts';
import { defineProcessService } from './process-service.ts';
import { restAclCredentials } from './redis-acl.ts';
import type { ServiceDefinition } from './types.ts';

/** Entry of the Upstash-compatible REST endpoint (project code, local-infra/redis-rest/). */
export function redisRestEntry(config: InfraConfig): string {
  return join(config.repoRoot, 'local-infra', 'redis-rest', 'main.ts');
}

/**
 * Environment the endpoint reads (compose passes the same names; compose-sync.test checks).
 * It logs in to Redis as its own ACL user (redis-acl.ts), never as the default user.
 */
export function redisRestEnv(config: InfraConfig): Record<'REDIS_URL' | 'REDIS_REST_PORT' | 'REDIS_REST_TOKEN', string> {
  const { user, password } = restAclCredentials(config);
  return {
    REDIS_URL: `redis://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${config.port('REDIS_PORT')}`,
    REDIS_REST_PORT: String(config.port('REDIS_REST_PORT')),
    REDIS_REST_TOKEN: config.setting('REDIS_REST_TOKEN'),
  };
}

/** The project's Upstash REST endpoint in front of the instance's Redis, run on our Node. */
export function createRedisRestService(config: InfraConfig): ServiceDefinition {
  const port = config.port('REDIS_REST_PORT');
  const token = config.setting('REDIS_REST_TOKEN');
  const entry = redisRestEntry(config);
  return defineProcessService({
    name: 'redis-rest',
    config,
    ports: [{ setting: 'REDIS_REST_PORT', port }],
    healthTimeoutMs: 20_000,
    stopGraceMs: 5_000,
    async install() {
      if (!existsSync(entry)) {
        throw new InfraError({
          code: 'INSTALL_FAILED',
          service: 'redis-rest',
          port,
          message: `redis-rest: ${entry} does not exist (the REST endpoint is project code)`,
        });
      }
    },
    launch: () => ({
      // The Node running local-infra (>= 22, type stripping) also runs the endpoint.
      command: process.execPath,
      args: [entry],
      env: redisRestEnv(config),
      cwd: config.repoRoot,
    }),
    async probe(signal) {
      const response = await fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(['PING']),
        signal,
      });
      const body = (await response.json()) as { result?: unknown; error?: unknown };
      if (!response.ok || body.result !== 'PONG')
        throw new Error(`POST / ["PING"] -> ${response.status} ${JSON.stringify(body).slice(0, 120)}`);
    },
  });
}
