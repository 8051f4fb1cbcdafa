import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalDefaultName } from '#shared/config/local-defaults.ts';
import { createInfraConfig, type InfraConfig } from '../services/config.ts';

/** A free TCP port on loopback (the OS picks it; released before returning). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** An isolated infra instance for a test: temp state dir, free ports, shared download cache. */
export interface IsolatedInfra {
  readonly config: InfraConfig;
  readonly stateDir: string;
  cleanup(): Promise<void>;
}

/**
 * Creates the config of an instance that shares nothing with the developer's services but
 * the install cache. The temp dir is made world-searchable so postgres (own OS user) can use it.
 */
export async function createIsolatedInfra(settings: readonly LocalDefaultName[]): Promise<IsolatedInfra> {
  const stateDir = await mkdtemp(join(tmpdir(), 'atlas-infra-test-'));
  await chmod(stateDir, 0o755);
  const overrides: Partial<Record<LocalDefaultName, number>> = {};
  for (const setting of settings) overrides[setting] = await freePort();
  const config = createInfraConfig({ stateDir, overrides });
  return { config, stateDir, cleanup: () => rm(stateDir, { recursive: true, force: true }) };
}
