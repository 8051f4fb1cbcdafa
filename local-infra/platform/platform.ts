import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import { limitsOf } from '#shared/app/platform-limits.ts';
import { scalingOf } from '#shared/app/scaling.ts';
import type { AppConfig, EnvRecord } from '#shared/config/app-config.ts';
import { createLogger } from '#shared/observability/logger.ts';
import type { Logger } from '#shared/observability/logger.ts';
import { createPromClientRecorder } from '#shared/observability/adapters/prom-client-recorder.ts';
import { createMetricsPusher } from '#shared/observability/metrics-push.ts';
import { startPeriodicMetricsPush } from '#shared/observability/metrics-push-periodic.ts';
import { nodeMemoryExecArgv } from '#shared/runtime/node/memory-exec-argv.ts';
import { createNodeDependencies } from '#shared/runtime/node/node-dependencies.ts';
import { startTriggers } from '#shared/runtime/node/trigger-host.ts';
import type { TriggerHost } from '#shared/runtime/node/trigger-host.ts';
import { DEFAULT_AUTOSCALER_SETTINGS } from './autoscaler-settings.ts';
import type { AutoscalerSettings } from './autoscaler-settings.ts';
import { startGateway } from './gateway.ts';
import type { Gateway } from './gateway.ts';
import type { InstanceLauncher } from './instance-launcher.ts';
import { InstancePool } from './instance-pool.ts';
import type { PoolEvent } from './instance-pool.ts';
import { ProcessLauncher } from './instance-process.ts';
import { recordInstances, recordPoolEvent } from './platform-metrics.ts';

/** Options of {@link startPlatform}. */
export interface PlatformOptions {
  readonly functions: readonly FunctionDefinition[];
  readonly config: AppConfig;
  /** Environment of the instances (connection settings and function settings). */
  readonly env: EnvRecord;
  /** Gateway port (default `GATEWAY_PORT` or 8080; 0 picks a free one). */
  readonly port?: number;
  readonly settings?: Partial<AutoscalerSettings>;
  /** Longest a request may wait for a cold start, per function (default its wall-time limit). */
  readonly waitBudgetMs?: (definition: FunctionDefinition) => number;
  /** Node flags of a function's instances (default its memory limit as a heap cap, ADR 0024). */
  readonly instanceExecArgv?: (definition: FunctionDefinition) => readonly string[];
  /** Run the functions' event and schedule triggers in this process (default true). */
  readonly triggers?: boolean;
  /** Instances (default: Node processes). */
  readonly launcher?: InstanceLauncher;
  readonly logger?: Logger;
}

/** The running platform: gateway, pools, autoscaler, triggers. */
export interface Platform {
  readonly gateway: Gateway;
  readonly pools: ReadonlyMap<string, InstancePool>;
  readonly settings: AutoscalerSettings;
  /** Stops taking requests, drains every instance, stops triggers and pools. */
  close(): Promise<void>;
}

/**
 * The serverless platform on Node: one gateway origin in front of a pool of instances per
 * function, a Knative-style autoscaler ticking over every pool, the functions' event and
 * schedule triggers in this process, and the platform's own metrics pushed to the sidecar.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const settings = { ...DEFAULT_AUTOSCALER_SETTINGS, ...options.settings };
  const logger = options.logger ?? createLogger({ level: 'info', base: { component: 'platform' } });
  const metrics = createPromClientRecorder();
  const definitions = new Map(options.functions.map((definition) => [definition.name, definition]));
  const waitBudgetMs = options.waitBudgetMs ?? ((definition) => limitsOf(definition, options.env).wallTimeMs);
  const instanceExecArgv = options.instanceExecArgv ?? ((definition) => nodeMemoryExecArgv(limitsOf(definition, options.env)));
  const launcher =
    options.launcher ??
    new ProcessLauncher({
      env: { ...options.env, DATABASE_POOL_SIZE: options.env['DATABASE_POOL_SIZE'] ?? String(instancePoolSize(options.functions)) },
      execArgv: (name) => {
        const definition = definitions.get(name);
        return definition ? instanceExecArgv(definition) : [];
      },
    });
  const onEvent = (event: PoolEvent): void => {
    recordPoolEvent(metrics.recorder, event);
    logPoolEvent(logger, event);
  };
  const pools = new Map(
    options.functions.map((definition) => [
      definition.name,
      new InstancePool({ functionName: definition.name, scaling: scalingOf(definition), settings, launcher, onEvent }),
    ]),
  );
  const gateway = await startGateway({
    targets: options.functions,
    pools,
    port: options.port ?? Number(options.env['GATEWAY_PORT'] ?? 8080),
    waitBudgetMs: (name) => {
      const definition = definitions.get(name);
      return definition ? waitBudgetMs(definition) : 30_000;
    },
    describe: () => ({ autoscaler: settings, scaling: Object.fromEntries(options.functions.map((fn) => [fn.name, scalingOf(fn)])) }),
  });
  const ticker = setInterval(() => {
    for (const pool of pools.values()) pool.tick();
    recordInstances(metrics.recorder, pools.values());
  }, settings.tickMs);
  const metricsPush = startPeriodicMetricsPush(
    createMetricsPusher({
      url: options.config.metrics.sidecarUrl,
      token: options.config.metrics.pushToken,
      function: 'platform',
      runtime: 'node',
      collect: () => metrics.metricsAsJson(),
      onError: (error) => logger.debug('metrics push failed', { errorCode: error.code }),
    }),
  );
  await Promise.all([...pools.values()].map((pool) => pool.warm()));
  recordInstances(metrics.recorder, pools.values());
  const dependencies = options.triggers === false ? undefined : createNodeDependencies(options.config);
  const triggers: TriggerHost | undefined = dependencies
    ? startTriggers({ functions: options.functions, config: options.config, deps: dependencies.deps, env: options.env })
    : undefined;

  let closing: Promise<void> | undefined;
  return {
    gateway,
    pools,
    settings,
    close() {
      closing ??= (async () => {
        clearInterval(ticker);
        const gatewayClosed = gateway.close();
        await Promise.all([...pools.values()].map((pool) => pool.close()));
        await gatewayClosed;
        await triggers?.stop();
        await dependencies?.close();
        recordInstances(metrics.recorder, pools.values());
        await metricsPush.stop(AbortSignal.timeout(2000));
      })();
      return closing;
    },
  };
}

/**
 * Postgres connections per instance: the budget of 60 (well under Postgres's 100) shared by
 * the most instances that can run at once, and at least 2.
 */
function instancePoolSize(functions: readonly FunctionDefinition[]): number {
  const most = functions.reduce((sum, definition) => sum + scalingOf(definition).maxInstances, 0);
  return Math.max(2, Math.floor(60 / Math.max(1, most)));
}

function logPoolEvent(logger: Logger, event: PoolEvent): void {
  const { type, ...fields } = event;
  if (type === 'throttled' || type === 'held') return; // metrics, not a line per request
  if (type === 'scale') {
    const { decision, ...rest } = fields as Extract<PoolEvent, { type: 'scale' }>;
    logger.info('scale', {
      ...rest,
      mode: decision.mode,
      reason: decision.reason,
      stableConcurrency: round(decision.stableConcurrency),
      panicConcurrency: round(decision.panicConcurrency),
    });
    return;
  }
  if (type === 'instance-crashed' || type === 'instance-start-failed') logger.warn(type, fields);
  else logger.info(type, fields);
}

const round = (value: number): number => Math.round(value * 100) / 100;
