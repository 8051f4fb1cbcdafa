/**
 * Programmatic API of the local platform: bring services up (installing what is missing),
 * stop and start single services (chaos tests), and read their status.
 *
 * Every function takes an optional `config` so tests can drive an isolated instance on other
 * ports with its own state dir; without it the shared instance (LOCAL_DEFAULTS ports) is used.
 */
import { createInfraConfig, type InfraConfig } from './config.ts';
import { compose, resolveInfraMode, type InfraMode } from './docker.ts';
import { InfraError } from './errors.ts';
import { consoleProgress, silentProgress, step, type ProgressReporter } from './progress.ts';
import { SERVICE_DEPENDENCIES, availableServices, createService, defaultServices, isServiceName, withDependencies } from './registry.ts';
import { SERVICE_NAMES, type ServiceName, type ServiceStatus, type StartOutcome } from './types.ts';

export { connectionEnv, createInfraConfig, type ConnectionEnv, type InfraConfig, type InfraConfigOptions } from './config.ts';
export { InfraError, type InfraErrorCode } from './errors.ts';
export { consoleProgress, silentProgress, type ProgressEvent, type ProgressReporter } from './progress.ts';
export { availableServices, defaultServices, isServiceName } from './registry.ts';
export { SERVICE_NAMES, type ServiceDefinition, type ServiceName, type ServiceStatus, type StartOutcome } from './types.ts';

/** Options of every API call. */
export interface InfraOptions {
  /** Instance to act on (default: the shared one, `createInfraConfig()`). */
  readonly config?: InfraConfig;
  /** Progress lines (default: printed to stderr for ensureUp, silent otherwise). */
  readonly progress?: ProgressReporter;
  readonly signal?: AbortSignal;
  /** Override the per-service health-wait budget. */
  readonly healthTimeoutMs?: number;
  /** native | docker (default: ATLAS_INFRA, else docker when an engine answers). */
  readonly mode?: InfraMode;
}

/** Result of `ensureUp` for one service. */
export interface EnsureUpResult {
  readonly name: ServiceName;
  readonly outcome: StartOutcome;
  readonly seconds: number;
}

const configOf = (options: InfraOptions): InfraConfig => options.config ?? createInfraConfig();
const modeOf = async (options: InfraOptions, config: InfraConfig): Promise<InfraMode> => options.mode ?? resolveInfraMode(config.env);

function checkName(name: string): ServiceName {
  if (!isServiceName(name)) {
    throw new InfraError({
      code: 'UNKNOWN_SERVICE',
      service: name,
      message: `unknown service "${name}" (known: ${availableServices().join(', ')})`,
    });
  }
  return name;
}

/**
 * Makes sure the named services (default: {@link defaultServices}) and their dependencies are running and healthy,
 * installing what is missing. Independent services start in parallel; a dependent one waits.
 * Idempotent: running services are only health-checked and re-provisioned.
 */
export async function ensureUp(names?: readonly string[], options: InfraOptions = {}): Promise<EnsureUpResult[]> {
  const config = configOf(options);
  names ??= defaultServices(config.env);
  const progress = options.progress ?? consoleProgress;
  const wanted = withDependencies(names.map(checkName));
  if ((await modeOf(options, config)) === 'docker') {
    await step(progress, 'compose', `docker compose up -d --wait ${wanted.join(' ')}`, () =>
      compose(config, ['up', '-d', '--wait', ...wanted], options.signal),
    );
  }
  const started = Date.now();
  const running = new Map<ServiceName, Promise<EnsureUpResult>>();
  const launch = (name: ServiceName): Promise<EnsureUpResult> => {
    let pending = running.get(name);
    if (!pending) {
      pending = (async () => {
        await Promise.all(SERVICE_DEPENDENCIES[name].filter((dep) => wanted.includes(dep)).map(launch));
        const outcome = await createService(name, config).start({
          progress,
          signal: options.signal,
          healthTimeoutMs: options.healthTimeoutMs,
        });
        progress({ service: name, step: `ready (${outcome})`, phase: 'done', elapsedMs: Date.now() - started });
        return { name, outcome, seconds: (Date.now() - started) / 1000 };
      })();
      running.set(name, pending);
    }
    return pending;
  };
  const settled = await Promise.allSettled(wanted.map(launch));
  const failures = settled
    .filter((result) => result.status === 'rejected')
    .map((result) => (result as PromiseRejectedResult).reason as Error);
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, failures.map((error) => error.message).join('\n\n'));
  return settled.map((result) => (result as PromiseFulfilledResult<EnsureUpResult>).value);
}

/** Starts one service (and waits for health). Used by chaos tests to bring a service back. */
export async function startService(name: string, options: InfraOptions = {}): Promise<StartOutcome> {
  const results = await ensureUp([name], { ...options, progress: options.progress ?? silentProgress });
  return results.find((result) => result.name === name)?.outcome ?? 'already-running';
}

/** Stops one service we launched (SIGTERM, SIGKILL after the grace period). */
export async function stopService(name: string, options: InfraOptions & { graceMs?: number } = {}): Promise<'stopped' | 'not-running'> {
  const config = configOf(options);
  const service = checkName(name);
  if ((await modeOf(options, config)) === 'docker') {
    await compose(config, ['stop', service], options.signal);
    return 'stopped';
  }
  return createService(service, config).stop({ graceMs: options.graceMs, signal: options.signal });
}

/** Stops several services (default: all), dependents first. */
export async function stopServices(
  names: readonly string[] = availableServices(),
  options: InfraOptions = {},
): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const wanted = new Set(names.map(checkName));
  const order = SERVICE_NAMES.filter((name) => wanted.has(name)).reverse();
  for (const name of order) result[name] = await stopService(name, options);
  return result;
}

/** Status of every service (or the named ones), probed in parallel. */
export async function serviceStatus(names: readonly string[] = availableServices(), options: InfraOptions = {}): Promise<ServiceStatus[]> {
  const config = configOf(options);
  return Promise.all(names.map((name) => createService(checkName(name), config).status()));
}
