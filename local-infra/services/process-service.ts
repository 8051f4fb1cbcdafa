import { setTimeout as sleep } from 'node:timers/promises';
import type { InfraConfig } from './config.ts';
import { InfraError } from './errors.ts';
import { withServiceLock } from './lock.ts';
import { tailFile } from './log-tail.ts';
import { describePortHolder, isPortTaken } from './ports.ts';
import { silentProgress, step, type ProgressReporter } from './progress.ts';
import { readLivePid, spawnDetached, stopSupervised, supervisedPaths, type LaunchSpec } from './supervisor.ts';
import type { HealthResult, PortBinding, ServiceDefinition, ServiceName, ServiceStatus, StartOutcome } from './types.ts';

/** Context handed to a service's hooks. */
export interface HookContext {
  readonly config: InfraConfig;
  readonly progress: ProgressReporter;
  readonly signal?: AbortSignal;
}

/** The parts that differ between services; `defineProcessService` supplies the rest. */
export interface ProcessServiceSpec {
  readonly name: ServiceName;
  readonly config: InfraConfig;
  readonly ports: readonly PortBinding[];
  /** Budget for the health wait after spawning. */
  readonly healthTimeoutMs: number;
  /** Polite stop signal (postgres wants SIGINT = fast shutdown) and its grace period. */
  readonly stopSignal?: NodeJS.Signals;
  readonly stopGraceMs?: number;
  /** Installs what is missing (idempotent; report steps through `ctx.progress`). */
  install(ctx: HookContext): Promise<void>;
  /** Writes config files, initialises data dirs (idempotent). */
  prepare?(ctx: HookContext): Promise<void>;
  launch(ctx: HookContext): LaunchSpec | Promise<LaunchSpec>;
  /** Throws unless the service answers correctly; must respect `signal`. */
  probe(signal: AbortSignal): Promise<void>;
  /** Creates topics, buckets, databases once healthy (idempotent, runs on every start). */
  provision?(ctx: HookContext): Promise<void>;
}

/** Runs one probe bounded by `timeoutMs`, never throwing. */
async function probeOnce(spec: ProcessServiceSpec, timeoutMs: number, outer?: AbortSignal): Promise<HealthResult> {
  const started = performance.now();
  const signal = outer ? AbortSignal.any([outer, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  try {
    await Promise.race([
      spec.probe(signal),
      new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(new Error(`no answer within ${timeoutMs} ms`)), { once: true }),
      ),
    ]);
    return { healthy: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { healthy: false, latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  }
}

/**
 * Builds a `ServiceDefinition` for a service that runs as one supervised process: port-taken
 * detection before spawning, detached spawn with pid file and log, health wait that fails fast
 * when the process dies, provisioning, SIGTERM/SIGKILL stop, status.
 */
export function defineProcessService(spec: ProcessServiceSpec): ServiceDefinition {
  const { name, config, ports } = spec;
  const paths = supervisedPaths(config.runDir, config.logDir, name);
  const mainPort = ports[0]?.port;
  const fail = async (code: 'PORT_TAKEN' | 'EXITED' | 'HEALTH_TIMEOUT', port: number | undefined, message: string): Promise<never> => {
    throw new InfraError({ code, service: name, port, message, logTail: await tailFile(paths.logFile, 20) });
  };

  /** Gives hook failures (apt, mvn, initdb...) the service name and port, keeping InfraErrors as they are. */
  const wrap =
    (code: 'INSTALL_FAILED' | 'PREPARE_FAILED', what: string) =>
    (error: unknown): never => {
      if (error instanceof InfraError) throw error;
      throw new InfraError({
        code,
        service: name,
        port: mainPort,
        message: `${name} (port ${mainPort}) ${what}: ${(error as Error).message}`,
        cause: error,
      });
    };

  const healthCheck: ServiceDefinition['healthCheck'] = (options = {}) => probeOnce(spec, options.timeoutMs ?? 3_000, options.signal);

  async function waitHealthy(pid: number, command: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last: HealthResult | undefined;
    while (Date.now() < deadline) {
      signal?.throwIfAborted();
      const live = await readLivePid(paths.pidFile);
      if (!live || live.pid !== pid) {
        await fail('EXITED', mainPort, `${name} exited during startup (port ${mainPort}, command ${command}); see ${paths.logFile}`);
      }
      last = await probeOnce(spec, Math.min(3_000, Math.max(250, deadline - Date.now())), signal);
      if (last.healthy) return;
      await sleep(250);
    }
    await fail(
      'HEALTH_TIMEOUT',
      mainPort,
      `${name} did not become healthy on port ${mainPort} within ${timeoutMs} ms (last probe: ${last?.error ?? 'none'}); log ${paths.logFile}`,
    );
  }

  async function start(
    options: { progress?: ProgressReporter; signal?: AbortSignal; healthTimeoutMs?: number } = {},
  ): Promise<StartOutcome> {
    const ctx: HookContext = { config, progress: options.progress ?? silentProgress, signal: options.signal };
    const timeoutMs = options.healthTimeoutMs ?? spec.healthTimeoutMs;
    // The holder may be doing a first install (MinIO compiles for minutes): wait for it generously.
    return withServiceLock(config.runDir, name, timeoutMs + 20 * 60_000, async () => {
      const running = await readLivePid(paths.pidFile);
      let outcome: StartOutcome;
      if (running) {
        await waitHealthy(running.pid, running.command, timeoutMs, ctx.signal);
        outcome = 'already-running';
      } else {
        outcome = await spawnFresh(ctx, timeoutMs);
      }
      const { provision } = spec;
      if (provision) await step(ctx.progress, name, 'provisioning', () => provision(ctx));
      return outcome;
    });
  }

  async function spawnFresh(ctx: HookContext, timeoutMs: number): Promise<StartOutcome> {
    for (const binding of ports) {
      if (!(await isPortTaken(binding.port))) continue;
      // A healthy server of the right kind on our port (compose, another checkout): adopt it.
      if (binding.port === mainPort && (await healthCheck({ timeoutMs: 2_000 })).healthy) {
        ctx.progress({
          service: name,
          step: `already served on port ${mainPort} by a process we did not start`,
          phase: 'info',
          elapsedMs: 0,
        });
        return 'external';
      }
      const holder = await describePortHolder(binding.port);
      await fail(
        'PORT_TAKEN',
        binding.port,
        `${name} cannot start: port ${binding.port} (${binding.setting}) is already taken by ${holder}. Stop that process or set ${binding.setting} to a free port.`,
      );
    }
    // No step of its own: each install reports its own steps (apt, Maven, go install), and a
    // check that finds everything in place says nothing.
    await spec.install(ctx).catch(wrap('INSTALL_FAILED', 'could not be installed'));
    const { prepare } = spec;
    if (prepare)
      await step(ctx.progress, name, 'preparing config and data', () => prepare(ctx)).catch(
        wrap('PREPARE_FAILED', 'could not prepare its config/data'),
      );
    const launch = await spec.launch(ctx);
    const record = await spawnDetached(launch, paths);
    await step(ctx.progress, name, `waiting for health on port ${mainPort} (pid ${record.pid})`, () =>
      waitHealthy(record.pid, launch.command, timeoutMs, ctx.signal),
    );
    return 'started';
  }

  return {
    name,
    ports,
    install: (options = {}) => spec.install({ config, progress: options.progress ?? silentProgress, signal: options.signal }),
    start,
    healthCheck,
    async stop(options = {}) {
      return withServiceLock(config.runDir, name, 60_000, () =>
        stopSupervised(paths, { signal: spec.stopSignal, graceMs: options.graceMs ?? spec.stopGraceMs }),
      );
    },
    async status(): Promise<ServiceStatus> {
      const record = await readLivePid(paths.pidFile);
      const health = await healthCheck({ timeoutMs: 2_000 });
      let state: ServiceStatus['state'];
      if (record) state = health.healthy ? 'running' : 'starting';
      else if (health.healthy) state = 'external';
      else state = (await isPortTaken(mainPort ?? 0)) ? 'port-taken' : 'stopped';
      const uptimeSeconds = record ? Math.round((Date.now() - Date.parse(record.startedAt)) / 1000) : undefined;
      return { name, state, pid: record?.pid, ports, uptimeSeconds, logFile: paths.logFile, health };
    },
  };
}
