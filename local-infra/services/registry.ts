import type { InfraConfig } from './config.ts';
import { createKafkaService } from './kafka.service.ts';
import { createMetricsSidecarService } from './metrics-sidecar.service.ts';
import { createMinioService } from './minio.service.ts';
import { createPostgresService } from './postgres.service.ts';
import { createPrometheusService } from './prometheus.service.ts';
import { createRedisRestService } from './redis-rest.service.ts';
import { createRedisService } from './redis.service.ts';
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
};

/** Type guard for user input (CLI arguments). */
export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}

/** Every service, in start order. */
export function availableServices(): ServiceName[] {
  return [...SERVICE_NAMES];
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
