import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedInfra, type IsolatedInfra } from '../testing/isolated-infra.ts';
import { InfraError } from './errors.ts';
import { defineProcessService } from './process-service.ts';
import { tcpProbe } from './tcp-probe.ts';

/** A stand-in service run by the real supervisor: `node -e <script>` with the port in env. */
function nodeService(infra: IsolatedInfra, script: string, healthTimeoutMs = 5_000) {
  const port = infra.config.port('REDIS_PORT');
  return defineProcessService({
    name: 'redis',
    config: infra.config,
    ports: [{ setting: 'REDIS_PORT', port }],
    healthTimeoutMs,
    stopGraceMs: 1_000,
    install: async () => {},
    launch: () => ({ command: process.execPath, args: ['-e', script], env: { PORT: String(port) } }),
    probe: (signal) => tcpProbe(port, 'PING\r\n', '+PONG', signal),
  });
}

describe('the supervisor', () => {
  let infra: IsolatedInfra;
  beforeAll(async () => {
    infra = await createIsolatedInfra(['REDIS_PORT']);
  });
  afterAll(() => infra.cleanup());

  it('reports a process that dies during startup with its last log lines', async () => {
    const service = nodeService(infra, "console.error('fatal: bad config line 3'); process.exit(3)");
    const error = await service.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfraError);
    expect(error).toMatchObject({ code: 'EXITED', service: 'redis', port: infra.config.port('REDIS_PORT') });
    expect((error as Error).message).toContain('fatal: bad config line 3');
  });

  it('gives up after the health timeout, naming the port, and stops with SIGKILL if SIGTERM is ignored', async () => {
    const script =
      "process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('never healthy'); setInterval(() => {}, 1000)";
    const service = nodeService(infra, script, 1_500);
    const error = await service.start().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'HEALTH_TIMEOUT', port: infra.config.port('REDIS_PORT') });
    expect((error as Error).message).toContain('never healthy');
    expect((await service.status()).state).toBe('starting');
    expect(await service.stop({ graceMs: 500 })).toBe('stopped');
    expect((await service.status()).state).toBe('stopped');
  });

  it('starts, adopts its own running process, and stops with SIGTERM', async () => {
    const script =
      "require('node:net').createServer((s) => s.on('data', () => s.write('+PONG\\r\\n'))).listen(Number(process.env.PORT), '127.0.0.1')";
    const service = nodeService(infra, script);
    expect(await service.start()).toBe('started');
    expect(await service.start()).toBe('already-running');
    expect((await service.status()).state).toBe('running');
    expect(await service.stop()).toBe('stopped');
    expect(await service.stop()).toBe('not-running');
  });
});
