import type { InfraConfig } from './config.ts';
import { createKafkaService } from './kafka.service.ts';
import { createMetricsSidecarService } from './metrics-sidecar.service.ts';
import { createMinioService } from './minio.service.ts';
import { createPostgresService } from './postgres.service.ts';
import { createPrometheusService } from './prometheus.service.ts';
import { createRedisRestService } from './redis-rest.service.ts';
import { createRedisService } from './redis.service.ts';
import { createToxiproxyService } from './toxiproxy.service.ts';
import { faultsEnabled } from '../faults/proxies.ts';
import { SERVICE_NAMES, type ServiceDefinition, type ServiceName } from './types.ts';

/** Services that must be healthy before another one starts. */
export const SERVICE_DEPENDENCIES: Readonly<Record<ServiceName, readonly ServiceName[]>> = {
  postgres: [],
  redis: [],
  'redis-rest': ['redis'],
  kafka: [],
  minio: [],
  'metrics-sidecar': [],
  prometheus: [],
  toxiproxy: [],
};

type Factory = (config: InfraConfig) => ServiceDefinition;

const FACTORIES: Readonly<Record<ServiceName, Factory>> = {
  postgres: createPostgresService,
  redis: createRedisService,
  'redis-rest': createRedisRestService,
  kafka: createKafkaService,
  minio: createMinioService,
  'metrics-sidecar': createMetricsSidecarService,
  prometheus: createPrometheusService,
  toxiproxy: createToxiproxyService,
};

/** Type guard for user input (CLI arguments). */
export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}

/** Every service, in start order. */
export function availableServices(): ServiceName[] {
  return [...SERVICE_NAMES];
}

/**
 * Services `npm start` / `infra:up` bring up when none are named: every one, except the fault
 * proxy unless faults are enabled (ATLAS_FAULTS=1): the default path neither builds nor runs it.
 */
export function defaultServices(env: Readonly<Record<string, string | undefined>>): ServiceName[] {
  return SERVICE_NAMES.filter((name) => name !== 'toxiproxy' || faultsEnabled(env));
}

/** Builds the definition of one service for a config. */
export function createService(name: ServiceName, config: InfraConfig): ServiceDefinition {
  return FACTORIES[name](config);
}

/** `names` plus everything they depend on, in start order. */
export function withDependencies(names: readonly ServiceName[]): ServiceName[] {
  const wanted = new Set<ServiceName>();
  const add = (name: ServiceName): void => {
    if (wanted.has(name)) return;
    wanted.add(name);
    SERVICE_DEPENDENCIES[name].forEach(add);
  };
  names.forEach(add);
  return SERVICE_NAMES.filter((name) => wanted.has(name));
}
