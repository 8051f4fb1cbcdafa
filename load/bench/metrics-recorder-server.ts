/**
 * One side of the metrics recorder benchmark (metrics-recorders.bench.ts): the timeline function
 * and a trivial `hello` function, each served exactly as the Node host serves a function
 * (`serveFunction`: platform layer, guarded ports, TCP Redis adapter), recording metrics into
 * prom-client or nowhere (`none`: the recorder that drops everything), in its own process.
 *
 *   node load/bench/metrics-recorder-server.ts none|prom-client
 *
 * Prints `ready <timelinePort> <helloPort>` once both listen; answers `cpu` over IPC with this
 * process's CPU time, so the runner can divide it by the replies of a round. The connection env
 * (DATABASE_URL, REDIS_URL...) comes from the runner.
 */
import { loadConfig } from '#shared/config/app-config.ts';
import { createRouter } from '#shared/app/create-router.ts';
import { defineFunction } from '#shared/app/function-definition.ts';
import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import { createLogger } from '#shared/observability/logger.ts';
import { createPromClientRecorder } from '#shared/observability/adapters/prom-client-recorder.ts';
import { noopMetricsRecorder } from '#shared/observability/metrics-recorder.port.ts';
import type { MetricsRegistry } from '#shared/observability/metrics-recorder.port.ts';
import { createDependencyRegistry } from '#shared/reliability/dependency-registry.ts';
import type { PlatformReliability } from '#shared/reliability/platform-reliability.ts';
import { serveFunction } from '#shared/runtime/node/serve-function.ts';
import { timelineFunction } from '#functions/timeline/index.ts';
import { answerCpuQueries } from './server-cpu.ts';

const variant = process.argv[2];
if (variant !== 'none' && variant !== 'prom-client') throw new Error('usage: metrics-recorder-server.ts none|prom-client');

/** The trivial route behind the whole platform layer: what the layer's own cost looks like. */
const helloFunction = defineFunction({
  name: 'hello',
  nodePort: 0,
  routePrefixes: ['/hello'],
  requires: [],
  routes: () => {
    const router = createRouter();
    router.get('/hello', (c) => c.json({ hello: 'world' }));
    return router;
  },
});

/** The recorder under test. Only its recording methods run: no push, no `/metrics` scrape. */
function recorder(): MetricsRegistry {
  if (variant === 'prom-client') return createPromClientRecorder();
  return { ...noopMetricsRecorder, metrics: async () => '', metricsAsJson: async () => [], contentType: 'text/plain' };
}

/**
 * What `createPlatformReliability` makes, with the recorder chosen here: both variants go
 * through this same function, so they differ in the recorder only.
 */
function reliabilityOf(definition: FunctionDefinition): PlatformReliability {
  const metrics = recorder();
  const logger = createLogger({ level: 'warn', base: { function: definition.name } });
  const required = (dependency: 'postgres' | 'redis' | 'kafka' | 's3') => ({ required: definition.requires.includes(dependency) });
  const overrides = { postgres: required('postgres'), redis: required('redis'), kafka: required('kafka'), s3: required('s3') };
  // Shedding off, as in the other read benchmarks: every request is served, none refused.
  return {
    functionName: definition.name,
    metrics,
    logger,
    registry: createDependencyRegistry({ metrics, logger, overrides }),
    loadShedding: false,
  };
}

const env = { ...process.env, LOG_LEVEL: 'warn', LOAD_SHEDDING: 'off', REDIS_ADAPTER: 'tcp' };
const config = loadConfig(env);
const serve = (definition: FunctionDefinition) =>
  serveFunction(definition, { config, env, port: 0, pushMetrics: false, reliability: reliabilityOf(definition) });
const timeline = await serve(timelineFunction);
const hello = await serve(helloFunction);
console.log(`ready ${timeline.port} ${hello.port}`);

answerCpuQueries();

const stop = (): void => {
  process.disconnect?.();
  void Promise.all([timeline.close(), hello.close()]).then(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
