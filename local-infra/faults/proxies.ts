import type { LocalDefaultName } from '#shared/config/local-defaults.ts';

/** One Toxiproxy proxy: the port it listens on and the dependency port it forwards to. */
export interface ProxySpec {
  /** Proxy name in Toxiproxy and in `npm run fault -- <name> ...`. */
  readonly name: FaultTarget;
  readonly listen: LocalDefaultName;
  readonly upstream: LocalDefaultName;
}

/** Dependencies that have a proxy in front of them. */
export const FAULT_TARGETS = ['postgres', 'redis', 'redis-rest', 'kafka', 'minio'] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];

/**
 * The proxy topology. Kafka's upstream is not the client listener but a second one whose
 * advertised address is the proxy's own: metadata sends reconnecting clients back through the
 * proxy instead of straight to the broker.
 */
export const PROXIES: readonly ProxySpec[] = [
  { name: 'postgres', listen: 'POSTGRES_PROXY_PORT', upstream: 'POSTGRES_PORT' },
  { name: 'redis', listen: 'REDIS_PROXY_PORT', upstream: 'REDIS_PORT' },
  { name: 'redis-rest', listen: 'REDIS_REST_PROXY_PORT', upstream: 'REDIS_REST_PORT' },
  { name: 'kafka', listen: 'KAFKA_PROXY_PORT', upstream: 'KAFKA_FAULTS_PORT' },
  { name: 'minio', listen: 'MINIO_PROXY_PORT', upstream: 'MINIO_PORT' },
];

/** Type guard for CLI input. */
export function isFaultTarget(value: string): value is FaultTarget {
  return (FAULT_TARGETS as readonly string[]).includes(value);
}

/** True when functions should reach dependencies through the proxies (`ATLAS_FAULTS=1`). */
export function faultsEnabled(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env['ATLAS_FAULTS']?.trim().toLowerCase();
  return value === '1' || value === 'true' || value === 'yes';
}
