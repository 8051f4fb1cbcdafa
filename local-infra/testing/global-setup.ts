/**
 * vitest globalSetup of the `integration` project (and, through `infraSetup`, of the HTTP
 * projects): brings the data services up (installing what is missing on a fresh machine),
 * applies migrations, installs the tools the suites drive (Chromium, k6), starts a metrics
 * sidecar and a Prometheus of the test run's own, and hands the connection settings to the tests.
 *
 * Data services are shared and left running afterwards (a developer's `npm start` uses them
 * too; tests keep to their own keys, topics and users). Metrics are not: tests push throwaway
 * functions and error spikes, which must never show on the developer's dashboard, so the run's
 * sidecar and Prometheus listen on free ports of their own and are removed at the end.
 */
import type { TestProject } from 'vitest/node';
import { migrate } from '../commands/migrate.ts';
import { ensureChromium } from '../services/chromium.tool.ts';
import { connectionEnv, consoleProgress, createInfraConfig, ensureUp, stopServices, type ConnectionEnv } from '../services/index.ts';
import { ensureK6 } from '../services/k6.tool.ts';
import { silenceKnownWarnings } from '#shared/runtime/node/known-warnings.ts';
import { formatInstallSummary, recordInstalls } from '../services/progress.ts';
import { SERVICE_NAMES, type ServiceName } from '../services/types.ts';
import { createIsolatedInfra } from './isolated-infra.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DATABASE_URL, REDIS_URL, KAFKA_BROKERS, S3_* ... of the shared local instance, and the run's metrics pair. */
    infra: TestRunEnv;
  }
}

/** Services a test run owns: started on free ports, stopped and deleted when the run ends. */
const RUN_OWNED: readonly ServiceName[] = ['metrics-sidecar', 'prometheus'];
const SHARED = SERVICE_NAMES.filter((name) => !RUN_OWNED.includes(name));

/** Connection settings of the shared services plus the run's own sidecar and Prometheus. */
export type TestRunEnv = ConnectionEnv & Record<'METRICS_SIDECAR_PORT' | 'METRICS_SIDECAR_URL' | 'PROMETHEUS_PORT', string>;

interface PreparedRun {
  readonly env: TestRunEnv;
  teardown(): Promise<void>;
}

/**
 * The three projects' setups run in one vitest process: the work is done once and torn down
 * when the last project that asked for it is finished. Kept on globalThis because vitest may
 * load this module once per project.
 */
const RUN = Symbol.for('atlas-edge.test-run');
interface RunState {
  prepared?: Promise<PreparedRun>;
  users: number;
}
const state: RunState = ((globalThis as Record<symbol, RunState | undefined>)[RUN] ??= { users: 0 });

async function prepareRun(): Promise<PreparedRun> {
  silenceKnownWarnings();
  const started = Date.now();
  const installs = recordInstalls(consoleProgress);
  const progress = installs.progress;
  const config = createInfraConfig();
  const own = await createIsolatedInfra(['METRICS_SIDECAR_PORT', 'PROMETHEUS_PORT']);
  await Promise.all([
    ensureUp(SHARED, { config, progress }),
    ensureUp(RUN_OWNED, { config: own.config, mode: 'native', progress }),
    ensureChromium(progress),
    ensureK6({ progress }),
  ]);
  const output = await migrate({ config, progress });
  if (output?.trim()) process.stderr.write(`[infra] migrations:\n${output.trim()}\n`);
  const sidecarPort = own.config.port('METRICS_SIDECAR_PORT');
  const env: TestRunEnv = {
    ...connectionEnv(config),
    METRICS_SIDECAR_PORT: String(sidecarPort),
    METRICS_SIDECAR_URL: `http://127.0.0.1:${sidecarPort}`,
    PROMETHEUS_PORT: String(own.config.port('PROMETHEUS_PORT')),
  };
  const runOwned = new Set(['METRICS_SIDECAR_PORT', 'METRICS_SIDECAR_URL', 'PROMETHEUS_PORT']);
  // Workers are forked after this runs, so they inherit these (an explicit env still wins for
  // the shared services; the metrics pair is always the run's own).
  for (const [name, value] of Object.entries(env)) {
    if (runOwned.has(name)) process.env[name] = value;
    else process.env[name] ??= value;
  }
  process.stderr.write(`[infra] ${formatInstallSummary(installs.installed())}\n`);
  process.stderr.write(
    `[infra] services ready for tests in ${((Date.now() - started) / 1000).toFixed(1)}s (metrics sidecar :${sidecarPort}, Prometheus :${env['PROMETHEUS_PORT']}, this run only)\n`,
  );
  return {
    env,
    async teardown() {
      await stopServices(RUN_OWNED, { config: own.config, mode: 'native', progress: () => {} });
      await own.cleanup();
    },
  };
}

/** Prepares the run once for every project that calls it; returns that project's teardown. */
export async function infraSetup(project: TestProject): Promise<() => Promise<void>> {
  state.users += 1;
  state.prepared ??= prepareRun();
  const run = await state.prepared;
  project.provide('infra', run.env);
  return async () => {
    state.users -= 1;
    if (state.users > 0) return;
    state.prepared = undefined;
    await run.teardown();
  };
}

export default infraSetup;
