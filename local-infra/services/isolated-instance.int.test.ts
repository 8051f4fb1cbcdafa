import { existsSync } from 'node:fs';
import { chmod, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedInfra, freePort, type IsolatedInfra } from '../testing/isolated-infra.ts';
import { createInfraConfig } from './config.ts';
import { InfraError } from './errors.ts';
import { ensureUp, serviceStatus, startService, stopServices } from './index.ts';
import { isPortTaken } from './ports.ts';
import { postgresDataDir } from './postgres.service.ts';
import { tcpProbe } from './tcp-probe.ts';

describe('an isolated instance (other ports, temp state dir)', () => {
  let infra: IsolatedInfra;

  beforeAll(async () => {
    infra = await createIsolatedInfra(['POSTGRES_PORT', 'REDIS_PORT']);
  });

  afterAll(async () => {
    await stopServices(['postgres', 'redis'], { config: infra.config, mode: 'native' });
    await infra.cleanup();
  });

  it('starts redis and postgres through the API, healthy on their own ports', async () => {
    const results = await ensureUp(['postgres', 'redis'], { config: infra.config, mode: 'native', progress: () => {} });
    expect(results.map((r) => [r.name, r.outcome])).toEqual([
      ['postgres', 'started'],
      ['redis', 'started'],
    ]);

    const statuses = await serviceStatus(['postgres', 'redis'], { config: infra.config });
    for (const status of statuses) {
      expect(status.state, status.name).toBe('running');
      expect(status.health.healthy).toBe(true);
      expect(status.pid).toBeGreaterThan(0);
      expect(status.logFile.startsWith(infra.stateDir)).toBe(true);
    }
    expect(statuses.map((s) => s.ports[0]?.port)).toEqual([infra.config.port('POSTGRES_PORT'), infra.config.port('REDIS_PORT')]);
  });

  it('serves the configured database and credentials, distinct from the shared instance', async () => {
    const sql = postgres({
      host: '127.0.0.1',
      port: infra.config.port('POSTGRES_PORT'),
      user: 'atlas',
      password: 'atlas',
      database: 'atlas',
      max: 1,
    });
    try {
      const [row] = await sql<{ db: string; port: number }[]>`select current_database() as db, current_setting('port')::int as port`;
      expect(row).toEqual({ db: 'atlas', port: infra.config.port('POSTGRES_PORT') });
    } finally {
      await sql.end();
    }
    await expect(tcpProbe(infra.config.port('REDIS_PORT'), 'PING\r\n', '+PONG', AbortSignal.timeout(2_000))).resolves.toBeUndefined();
  });

  it('is a no-op to ensure it up again', async () => {
    const again = await ensureUp(['redis'], { config: infra.config, mode: 'native', progress: () => {} });
    expect(again[0]?.outcome).toBe('already-running');
  });

  it('stops cleanly and frees its ports', async () => {
    expect(await stopServices(['postgres', 'redis'], { config: infra.config, mode: 'native' })).toEqual({
      redis: 'stopped',
      postgres: 'stopped',
    });
    const statuses = await serviceStatus(['postgres', 'redis'], { config: infra.config });
    expect(statuses.map((s) => s.state)).toEqual(['stopped', 'stopped']);
    expect(await isPortTaken(infra.config.port('POSTGRES_PORT'))).toBe(false);
    expect(await isPortTaken(infra.config.port('REDIS_PORT'))).toBe(false);
  });
});

describe('a port taken by another process', () => {
  it('fails fast with an error naming the service and the port', async () => {
    const port = await freePort();
    const squatter: Server = createServer((socket) => socket.end('not redis\r\n'));
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    const infra = await createIsolatedInfra([]);
    const config = createInfraConfig({ stateDir: infra.stateDir, overrides: { REDIS_PORT: port } });
    try {
      const started = Date.now();
      const error = await startService('redis', { config, mode: 'native' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InfraError);
      expect(error).toMatchObject({ code: 'PORT_TAKEN', service: 'redis', port });
      expect((error as Error).message).toMatch(new RegExp(`redis cannot start: port ${port} \\(REDIS_PORT\\) is already taken`));
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      squatter.close();
      await infra.cleanup();
    }
  });
});

describe('postgres in a state dir its OS user cannot reach (a checkout under a 0700 folder)', () => {
  it('keeps its data where it can, starts, and stops', async () => {
    const infra = await createIsolatedInfra(['POSTGRES_PORT']);
    await chmod(infra.stateDir, 0o700);
    const dataDir = postgresDataDir(infra.config);
    try {
      // As root, postgres runs as its own user and cannot pass the 0700 dir; otherwise it is us.
      if (process.getuid?.() === 0) expect(dataDir.startsWith(infra.stateDir)).toBe(false);
      else expect(dataDir.startsWith(infra.stateDir)).toBe(true);
      const [result] = await ensureUp(['postgres'], { config: infra.config, mode: 'native', progress: () => {} });
      expect(result?.outcome).toBe('started');
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    } finally {
      await stopServices(['postgres'], { config: infra.config, mode: 'native' });
      await rm(join(dataDir, '..'), { recursive: true, force: true });
      await infra.cleanup();
    }
  });
});
