import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROXIES } from '../faults/proxies.ts';
import { createToxiproxyClient, type ToxiproxyClient } from '../faults/toxiproxy-client.ts';
import type { InfraConfig } from './config.ts';
import { InfraError } from './errors.ts';
import { buildGoProgram } from './go-build.ts';
import { defineProcessService } from './process-service.ts';
import type { ServiceDefinition } from './types.ts';

/** Toxiproxy's Go module at a pinned release (its documented source install). */
export const TOXIPROXY_MODULE = 'github.com/Shopify/toxiproxy/v2';
export const TOXIPROXY_VERSION = 'v2.5.0';

/** The built server, cached per version outside the checkout (like k6's). */
export function toxiproxyBinary(config: InfraConfig): string {
  return join(config.cacheDir, 'bin', `toxiproxy-${TOXIPROXY_VERSION}`, 'server');
}

/** API client of the instance's Toxiproxy. */
export function toxiproxyClient(config: InfraConfig): ToxiproxyClient {
  return createToxiproxyClient({ baseUrl: `http://127.0.0.1:${config.port('TOXIPROXY_PORT')}` });
}

/** The proxies of {@link PROXIES} with this instance's addresses. */
export function proxyAddresses(config: InfraConfig): { name: string; listen: string; upstream: string }[] {
  return PROXIES.map((proxy) => ({
    name: proxy.name,
    listen: `127.0.0.1:${config.port(proxy.listen)}`,
    upstream: `127.0.0.1:${config.port(proxy.upstream)}`,
  }));
}

/**
 * Toxiproxy built with `go install`, its proxies created over the API once it answers. It
 * forwards to ports, not to processes: a proxy answers (and resets connections) even while the
 * dependency behind it is stopped, so it depends on no other service.
 */
export function createToxiproxyService(config: InfraConfig): ServiceDefinition {
  const port = config.port('TOXIPROXY_PORT');
  const binary = toxiproxyBinary(config);
  return defineProcessService({
    name: 'toxiproxy',
    config,
    ports: [{ setting: 'TOXIPROXY_PORT', port }],
    healthTimeoutMs: 15_000,
    stopGraceMs: 3_000,
    async install({ progress, signal }) {
      if (existsSync(binary)) return;
      await buildGoProgram(
        {
          name: 'toxiproxy',
          installPath: `${TOXIPROXY_MODULE}/cmd/server`,
          version: TOXIPROXY_VERSION,
          binary,
          expected: 'under a minute',
          port,
        },
        progress,
        signal,
      );
    },
    launch: () => ({ command: binary, args: ['-host', '127.0.0.1', '-port', String(port)], cwd: config.stateDir }),
    async probe(signal) {
      const response = await fetch(`http://127.0.0.1:${port}/version`, { signal });
      if (!response.ok) throw new Error(`GET /version -> ${response.status}`);
    },
    async provision() {
      try {
        await toxiproxyClient(config).populate(proxyAddresses(config));
      } catch (error) {
        const listens = proxyAddresses(config)
          .map((proxy) => `${proxy.name} ${proxy.listen}`)
          .join(', ');
        throw new InfraError({
          code: 'PREPARE_FAILED',
          service: 'toxiproxy',
          port,
          message: `toxiproxy: could not create its proxies (${listens}): ${(error as Error).message}. A port taken by another process? Set the *_PROXY_PORT variables to free ports.`,
          cause: error,
        });
      }
    },
  });
}
