import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { freePort } from '../testing/isolated-infra.ts';
import { REPO_ROOT } from './config.ts';
import { tcpProbe } from './tcp-probe.ts';
import { REDIS_MAXMEMORY, REDIS_MAXMEMORY_POLICY, REDIS_SERVER, redisConfigText } from './redis.service.ts';

// The launcher's redis.conf on the real redis-server (a private instance on a free port, never
// the shared one), and docker-compose.yml passing the same bound.

describe('Redis memory bound', () => {
  it('the generated config starts redis-server with maxmemory and an evicting cache policy', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atlas-redis-config-'));
    const port = await freePort();
    await writeFile(join(dir, 'redis.conf'), redisConfigText(port, dir));
    const server = spawn(REDIS_SERVER, [join(dir, 'redis.conf')], { stdio: 'ignore' });
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
    try {
      for (
        let attempt = 0;
        !(await tcpProbe(port, 'PING\r\n', '+PONG', AbortSignal.timeout(500)).then(
          () => true,
          () => false,
        ));
        attempt++
      ) {
        if (attempt > 50) throw new Error('redis-server did not start with the generated config');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await client.connect();
      expect(await client.config('GET', 'maxmemory')).toEqual(['maxmemory', String(256 * 1024 * 1024)]);
      expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', REDIS_MAXMEMORY_POLICY]);
    } finally {
      client.disconnect();
      server.kill('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('docker-compose.yml runs Redis with the same bound and policy', () => {
    const compose = parse(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as { services: { redis: { command: string[] } } };
    const command = compose.services.redis.command;
    expect(command[command.indexOf('--maxmemory') + 1]).toBe(REDIS_MAXMEMORY);
    expect(command[command.indexOf('--maxmemory-policy') + 1]).toBe(REDIS_MAXMEMORY_POLICY);
  });
});
