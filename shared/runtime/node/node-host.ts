import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import type { AppConfig, EnvRecord } from '#shared/config/app-config.ts';
import { createNodeDependencies } from '#shared/runtime/node/node-dependencies.ts';
import { serveFunction } from '#shared/runtime/node/serve-function.ts';
import type { RunningFunction } from '#shared/runtime/node/serve-function.ts';
import { startTriggers, workerdTargetsFromEnv } from './trigger-host.ts';
import type { TriggerHost, TriggerHostOptions } from './trigger-host.ts';

/** Options of {@link startNodeHost}. */
export interface NodeHostOptions {
  readonly functions: readonly FunctionDefinition[];
  readonly config: AppConfig;
  /**
   * The environment: per-function port overrides (`USERS_PORT=9081`), and what handlers see as
   * `c.var.env` / `ctx.env` (function settings such as FANOUT_STRATEGY). Default `process.env`.
   */
  readonly env?: EnvRecord;
  /** Interface to bind (default 127.0.0.1). */
  readonly hostname?: string;
  /** How long stopping lets in-flight requests finish, in ms (default 10000). */
  readonly drainTimeoutMs?: number;
  /**
   * Event and schedule triggers of the functions (default: on). `false` serves HTTP only;
   * an object passes options through (e.g. a metrics recorder). Functions with a
   * `<NAME>_EVENTS_URL` in `env` get their event batches pushed to that worker.
   */
  readonly triggers?: false | Omit<TriggerHostOptions, 'functions' | 'config' | 'deps'>;
}

/** Functions served by one Node process. */
export interface NodeHost {
  readonly functions: readonly RunningFunction[];
  /** The running triggers (undefined when turned off). */
  readonly triggers: TriggerHost | undefined;
  /** Drains every function (readiness 503, in-flight requests finish), then closes the shared pools. */
  close(): Promise<void>;
}

/** Raised when a function cannot listen (port taken...), naming the function and the port. */
export class NodeHostError extends Error {
  readonly code: 'port_in_use' | 'listen_failed';
  constructor(code: NodeHostError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NodeHostError';
    this.code = code;
  }
}

/** The setting that moves a function's port: `<NAME>_PORT` (`USERS_PORT`, `DOCS_PORT`...). */
export function functionPortVariable(definition: Pick<FunctionDefinition, 'name'>): string {
  return `${definition.name.toUpperCase().replaceAll('-', '_')}_PORT`;
}

/**
 * The port a function listens on: `<NAME>_PORT` from the environment, else its `nodePort`. Every
 * Node entry (the host, a function run alone, the container entry) reads it this way.
 */
export function functionPort(definition: FunctionDefinition, env: EnvRecord): number {
  const override = env[functionPortVariable(definition)];
  return override ? Number(override) : definition.nodePort;
}

/**
 * Serves every function in this process, each on its own port, sharing ONE set of dependency
 * pools (one Postgres pool per process). If one cannot listen, the others are stopped again.
 */
export async function startNodeHost(options: NodeHostOptions): Promise<NodeHost> {
  const env = options.env ?? process.env;
  const dependencies = createNodeDependencies(options.config);
  const settled = await Promise.allSettled(
    options.functions.map((definition) => {
      const port = functionPort(definition, env);
      return serveFunction(definition, {
        config: options.config,
        port,
        hostname: options.hostname ?? '127.0.0.1',
        dependencies,
        drainTimeoutMs: options.drainTimeoutMs ?? 10_000,
        env,
      }).catch((error: unknown) => {
        const inUse = (error as { code?: unknown }).code === 'EADDRINUSE';
        throw new NodeHostError(
          inUse ? 'port_in_use' : 'listen_failed',
          inUse
            ? `function "${definition.name}" cannot listen: port ${port} is taken (set ${functionPortVariable(definition)} to move it)`
            : `function "${definition.name}" failed to listen on port ${port}: ${String(error)}`,
          { cause: error },
        );
      });
    }),
  );
  const running = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = settled.find((result) => result.status === 'rejected');
  const triggerOptions = options.triggers === false ? undefined : (options.triggers ?? {});
  const triggers =
    triggerOptions && !failed
      ? startTriggers({
          workerdTargets: workerdTargetsFromEnv(options.functions, env, options.config.events.pushToken),
          env,
          // Triggers share each function's policies and metrics recorder (pushed with its HTTP metrics).
          reliability: (definition) => running.find((fn) => fn.name === definition.name)?.reliability,
          ...triggerOptions,
          functions: options.functions,
          config: options.config,
          deps: dependencies.deps,
        })
      : undefined;
  const close = async (): Promise<void> => {
    // Triggers first: a schedule or batch in progress still has its pools while it drains.
    await triggers?.stop();
    await Promise.all(running.map((fn) => fn.close()));
    await dependencies.close();
  };
  if (failed) {
    await close();
    throw failed.reason;
  }
  return { functions: running, triggers, close };
}
