import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './isolated-infra.ts';
import type { RestAclCredentials } from '../services/redis-acl.ts';
import { REDIS_SERVER, redisConfigText } from '../services/redis.service.ts';
import { tcpProbe } from '../services/tcp-probe.ts';

/** A redis-server of a test's own, started from the launcher's generated redis.conf. */
export interface PrivateRedis {
  readonly port: number;
  /** Stops the server and removes its directory. */
  close(): Promise<void>;
}

/** The test credentials of the REST endpoint's ACL user in a private Redis. */
export const TEST_REST_USER: RestAclCredentials = { user: 'atlas-rest', password: `test-${crypto.randomUUID()}` };

/**
 * Starts redis-server on a free port with the config the launcher writes (never the shared
 * instance: tests that need a config of their own, or may break it, use this).
 */
export async function startPrivateRedis(restUser: RestAclCredentials = TEST_REST_USER): Promise<PrivateRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'atlas-private-redis-'));
  const port = await freePort();
  await writeFile(join(dir, 'redis.conf'), redisConfigText(port, dir, restUser));
  const server = spawn(REDIS_SERVER, [join(dir, 'redis.conf')], { stdio: 'ignore' });
  const close = async (): Promise<void> => {
    server.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; ; attempt++) {
    const up = await tcpProbe(port, 'PING\r\n', '+PONG', AbortSignal.timeout(500)).then(
      () => true,
      () => false,
    );
    if (up) return { port, close };
    if (attempt > 50 || server.exitCode !== null) {
      await close();
      throw new Error('redis-server did not start with the generated config');
    }
    await sleep(100);
  }
}
