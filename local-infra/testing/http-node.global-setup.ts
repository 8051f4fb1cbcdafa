/**
 * vitest globalSetup of the `http-node` project: local services up and migrated (the
 * integration setup), then every function served on Node (`@hono/node-server`, free ports)
 * in this process. Suites read the URLs with `inject('functionUrls')`. The platform's gateway
 * runs too, in front of instance processes that start on demand (`inject('gatewayUrl')`).
 */
import type { TestProject } from 'vitest/node';
import { FUNCTIONS } from '../../functions/registry.ts';
import { loadConfig } from '../../shared/config/app-config.ts';
import { createNodeDependencies } from '../../shared/runtime/node/node-dependencies.ts';
import { serveFunction } from '../../shared/runtime/node/serve-function.ts';
import { silentLogger } from '../../shared/observability/logger.ts';
import { startPlatform } from '../platform/platform.ts';
import { infraSetup } from './global-setup.ts';
import './http-context.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const infraTeardown = await infraSetup(project);
  // infraSetup exported the connection settings of the local services into process.env.
  const config = loadConfig(process.env);
  const dependencies = createNodeDependencies(config);
  const running = await Promise.all(
    FUNCTIONS.map((definition) => serveFunction(definition, { config, port: 0, dependencies, drainTimeoutMs: 2000 })),
  );
  project.provide('functionUrls', Object.fromEntries(running.map((fn) => [fn.name, fn.url])));
  project.provide('functionRuntime', 'node');
  // Triggers already run nowhere in this project; the instances serve HTTP only.
  const platform = await startPlatform({ functions: FUNCTIONS, config, env: process.env, port: 0, triggers: false, logger: silentLogger });
  project.provide('gatewayUrl', platform.gateway.url);
  return async () => {
    await platform.close();
    await Promise.all(running.map((fn) => fn.close()));
    await dependencies.close();
    await infraTeardown();
  };
}
