import type { InfraConfig } from './config.ts';
import { createKafkaService } from './kafka.service.ts';
import { createMinioService } from './minio.service.ts';
import { createPostgresService } from './postgres.service.ts';
import { createPrometheusService } from './prometheus.service.ts';
import { createRedisService } from './redis.service.ts';
import { SERVICE_NAMES, type ServiceDefinition, type ServiceName } from './types.ts';

/** Services that must be healthy before another one starts. */
export const SERVICE_DEPENDENCIES: Readonly<Record<ServiceName, readonly ServiceName[]>> = {
  postgres: [],
  redis: [],
  'redis-rest': ['redis'],
  kafka: [],
  minio: [],
  prometheus: [],
};

type Factory = (config: InfraConfig) => ServiceDefinition;

const FACTORIES: Partial<Record<ServiceName, Factory>> = {
  postgres: createPostgresService,
  redis: createRedisService,
  kafka: createKafkaService,
  minio: createMinioService,
  prometheus: createPrometheusService,
};

/** Type guard for user input (CLI arguments). */
export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}

/** Names that are implemented, in start order. */
export function availableServices(): ServiceName[] {
  return SERVICE_NAMES.filter((name) => FACTORIES[name] !== undefined);
}

/** Builds the definition of one service for a config. */
export function createService(name: ServiceName, config: InfraConfig): ServiceDefinition {
  const factory = FACTORIES[name];
  if (!factory) throw new Error(`service ${name} is not implemented yet`);
  return factory(config);
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
