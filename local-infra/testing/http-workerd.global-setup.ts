/**
 * vitest globalSetup of the `http-workerd` project: local services up and migrated, then each
 * function bundled exactly as deployed (`wrangler deploy --dry-run --outdir`, its wrangler env)
 * and served by Miniflare with its wrangler.toml bindings (Hyperdrive -> local Postgres).
 */
import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { FUNCTIONS } from '../../functions/registry.ts';
import { buildWorkerBundle } from '../workerd-host/build-bundle.ts';
import { serveWorkerBundle } from '../workerd-host/serve-bundle.ts';
import type { ServedWorker } from '../workerd-host/serve-bundle.ts';
import { infraSetup } from './global-setup.ts';
import './http-context.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const infraTeardown = await infraSetup(project);
  const started = Date.now();
  // One at a time: esbuild and workerd each want both cores.
  // A folder per run: engineers run suites concurrently on this machine.
  const outRoot = `dist/workerd-test/${process.pid}`;
  const served: { name: string; worker: ServedWorker }[] = [];
  for (const definition of FUNCTIONS) {
    const bundlePath = await buildWorkerBundle({ env: definition.name, outdir: `${outRoot}/${definition.name}` });
    served.push({ name: definition.name, worker: await serveWorkerBundle({ env: definition.name, bundlePath, overrides: process.env }) });
  }
  // The dev gateway (wrangler.toml's top level, `npm run dev`): every function behind one origin.
  const gatewayBundle = await buildWorkerBundle({ env: '', outdir: `${outRoot}/dev-gateway` });
  const gateway = await serveWorkerBundle({ env: '', bundlePath: gatewayBundle, overrides: process.env });
  process.stderr.write(
    `[http-workerd] ${served.length} function bundle(s) and the dev gateway built and served in ${((Date.now() - started) / 1000).toFixed(1)}s\n`,
  );
  project.provide('functionUrls', Object.fromEntries(served.map((fn) => [fn.name, fn.worker.url])));
  project.provide('functionRuntime', 'workerd');
  project.provide('gatewayUrl', gateway.url);
  return async () => {
    await Promise.all([...served.map((fn) => fn.worker.dispose()), gateway.dispose()]);
    await rm(outRoot, { recursive: true, force: true });
    await infraTeardown();
  };
}
