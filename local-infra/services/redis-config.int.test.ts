import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LOCAL_DEFAULTS } from '#shared/config/local-defaults.ts';
import { TEST_REST_USER, startPrivateRedis, type PrivateRedis } from '../testing/private-redis.ts';
import { REPO_ROOT, createInfraConfig } from './config.ts';
import { REST_ACL_COMMAND_RULES, restAclCredentials } from './redis-acl.ts';
import { REDIS_MAXMEMORY, REDIS_MAXMEMORY_POLICY, provisionRestAclUser } from './redis.service.ts';

// The launcher's redis.conf on the real redis-server (a private instance on a free port, never
// the shared one), and docker-compose.yml passing the same bound and the same ACL user.

let redis: PrivateRedis;
let client: Redis;
beforeAll(async () => {
  redis = await startPrivateRedis();
  client = new Redis({ port: redis.port, host: '127.0.0.1' });
});
afterAll(async () => {
  client.disconnect();
  await redis.close();
});

const composeRedisCommand = (): string[] =>
  (parse(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as { services: { redis: { command: string[] } } }).services.redis
    .command;

describe('Redis memory bound', () => {
  it('the generated config starts redis-server with maxmemory and an evicting cache policy', async () => {
    expect(await client.config('GET', 'maxmemory')).toEqual(['maxmemory', String(256 * 1024 * 1024)]);
    expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', REDIS_MAXMEMORY_POLICY]);
  });

  it('docker-compose.yml runs Redis with the same bound and policy', () => {
    const command = composeRedisCommand();
    expect(command[command.indexOf('--maxmemory') + 1]).toBe(REDIS_MAXMEMORY);
    expect(command[command.indexOf('--maxmemory-policy') + 1]).toBe(REDIS_MAXMEMORY_POLICY);
  });
});

describe("the REST endpoint's ACL user", () => {
  const dryRun = (command: string, ...args: string[]): Promise<unknown> =>
    client.call('ACL', 'DRYRUN', TEST_REST_USER.user, command, ...args);

  it('is declared by the generated config: data commands yes, administration and wipes no', async () => {
    expect(await dryRun('ZADD', 'k', '1', 'm')).toBe('OK');
    expect(await dryRun('EVALSHA', 'abc', '0')).toBe('OK');
    expect(await dryRun('KEYS', '*')).toBe('OK');
    for (const denied of [
      ['FLUSHALL'],
      ['FLUSHDB'],
      ['CONFIG', 'SET', 'dir', '/tmp'],
      ['DEBUG', 'SLEEP', '0'],
      ['REPLICAOF', 'no', 'one'],
    ]) {
      expect(String(await dryRun(denied[0] as string, ...denied.slice(1))), denied.join(' ')).toMatch(/no permissions/);
    }
    expect(await client.call('ACL', 'WHOAMI')).toBe('default');
  });

  it('is (re)created on a Redis that does not have it (started earlier, or by compose)', async () => {
    await client.call('ACL', 'DELUSER', TEST_REST_USER.user);
    await provisionRestAclUser(redis.port, TEST_REST_USER);
    const login = new Redis({ port: redis.port, host: '127.0.0.1', username: TEST_REST_USER.user, password: TEST_REST_USER.password });
    try {
      expect(await login.call('ACL', 'WHOAMI').catch((error: Error) => error.message)).toMatch(/no permissions/);
      await expect(login.flushall()).rejects.toThrow(/NOPERM/);
      expect(await login.set('acl:provisioned', '1')).toBe('OK');
    } finally {
      login.disconnect();
    }
  });

  it('docker-compose.yml declares the same user and rules', () => {
    const command = composeRedisCommand();
    const at = command.indexOf('--user');
    expect(command.slice(at + 1)).toEqual([
      '${REDIS_REST_ACL_USER:-atlas-rest}',
      'on',
      '>${REDIS_REST_ACL_PASSWORD:-atlas-local-redis-rest-acl-password}',
      '~*',
      '&*',
      ...REST_ACL_COMMAND_RULES,
    ]);
    expect(LOCAL_DEFAULTS.REDIS_REST_ACL_USER).toBe('atlas-rest');
  });

  it('production mode refuses the development password, like every other development credential', () => {
    const production = (env: Record<string, string>) => createInfraConfig({ env: { ATLAS_ENV: 'production', ...env } });
    expect(() => restAclCredentials(production({}))).toThrow(/REDIS_REST_ACL_PASSWORD/);
    expect(restAclCredentials(production({ REDIS_REST_ACL_PASSWORD: 'a-real-password' }))).toEqual({
      user: 'atlas-rest',
      password: 'a-real-password',
    });
    expect(restAclCredentials(createInfraConfig({ env: {} })).password).toBe(LOCAL_DEFAULTS.REDIS_REST_ACL_PASSWORD);
  });
});
