import type { LocalDefaultName } from '#shared/config/local-defaults.ts';
import type { ProgressReporter } from './progress.ts';

/** Every service local-infra can launch, in start order (dependencies first). */
export const SERVICE_NAMES = ['postgres', 'redis', 'redis-rest', 'kafka', 'minio', 'metrics-sidecar', 'prometheus', 'toxiproxy'] as const;

/** Name of a local service (the contract names used by the CLI, compose and the API). */
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** One TCP port a service listens on, with the LOCAL_DEFAULTS / env name that configures it. */
export interface PortBinding {
  readonly setting: LocalDefaultName;
  readonly port: number;
}

/** What `start` found or did. `external` = a healthy server we did not launch holds the port. */
export type StartOutcome = 'started' | 'already-running' | 'external';

/** Result of one health probe. */
export interface HealthResult {
  readonly healthy: boolean;
  readonly latencyMs: number;
  readonly error?: string;
}

/** Snapshot of one service for `status`. */
export interface ServiceStatus {
  readonly name: ServiceName;
  /** running = our process and healthy; starting = our process, not healthy yet. */
  readonly state: 'running' | 'starting' | 'stopped' | 'external' | 'port-taken';
  readonly pid?: number;
  readonly ports: readonly PortBinding[];
  readonly uptimeSeconds?: number;
  readonly logFile: string;
  readonly health: HealthResult;
}

/** Options shared by install/start/stop calls. */
export interface ServiceCallOptions {
  readonly progress?: ProgressReporter;
  readonly signal?: AbortSignal;
}

/** Options of `start`. */
export interface ServiceStartOptions extends ServiceCallOptions {
  /** Overrides the service's own health-wait budget. */
  readonly healthTimeoutMs?: number;
}

/** Options of `stop`. */
export interface ServiceStopOptions extends ServiceCallOptions {
  /** Time between the polite stop signal and SIGKILL. */
  readonly graceMs?: number;
}

/**
 * A local service: how to install it (idempotent), start it (detached, health-waited),
 * probe it, stop it and describe it. Built from an `InfraConfig`, so tests can run an
 * isolated copy on other ports with another state dir.
 */
export interface ServiceDefinition {
  readonly name: ServiceName;
  readonly ports: readonly PortBinding[];
  /** Installs binaries/jars if missing. Safe to call every time. */
  install(options?: ServiceCallOptions): Promise<void>;
  /** Starts the service (or adopts a healthy running one) and waits until it is healthy. */
  start(options?: ServiceStartOptions): Promise<StartOutcome>;
  /** One health probe bounded by `timeoutMs`. Never throws. */
  healthCheck(options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<HealthResult>;
  /** Stops our process: polite signal, then SIGKILL after the grace period. */
  stop(options?: ServiceStopOptions): Promise<'stopped' | 'not-running'>;
  status(): Promise<ServiceStatus>;
}
