/**
 * Defaults of the local deployment: every port and development credential in one place.
 *
 * `local-infra/` starts services on these ports, the Node entries connect to them, and
 * `docker-compose.yml` publishes the same numbers (a test keeps the three in step). Each value
 * can be overridden by the environment variable of the same name.
 */
export const LOCAL_DEFAULTS = {
  POSTGRES_PORT: 5432,
  POSTGRES_USER: 'atlas',
  POSTGRES_PASSWORD: 'atlas',
  POSTGRES_DB: 'atlas',
  REDIS_PORT: 6379,
  REDIS_REST_PORT: 8079,
  /** Development token only; production tokens are wrangler secrets. */
  REDIS_REST_TOKEN: 'atlas-local-redis-token',
  /**
   * The Redis ACL user the REST endpoint logs in as (data commands only, in scripts too; see
   * local-infra/services/redis-acl.ts) and its development password.
   */
  REDIS_REST_ACL_USER: 'atlas-rest',
  REDIS_REST_ACL_PASSWORD: 'atlas-local-redis-rest-acl-password',
  KAFKA_PORT: 9092,
  KAFKA_CONTROLLER_PORT: 9093,
  /** Broker listener that advertises itself at KAFKA_PROXY_PORT, so clients reconnect through Toxiproxy. */
  KAFKA_FAULTS_PORT: 9094,
  MINIO_PORT: 9000,
  MINIO_CONSOLE_PORT: 9001,
  MINIO_ROOT_USER: 'atlasminio',
  MINIO_ROOT_PASSWORD: 'atlasminio-secret',
  S3_BUCKET: 'atlas-media',
  S3_REGION: 'us-east-1',
  PROMETHEUS_PORT: 9090,
  METRICS_SIDECAR_PORT: 9465,
  METRICS_PUSH_TOKEN: 'atlas-local-metrics-token',
  /** HS256 key of access tokens in development only; production sets `JWT_SECRET` as a secret. */
  JWT_SECRET: 'atlas-local-jwt-secret-for-development-only',
  /** Bearer token of event pushes (Node host -> worker `POST /__events/<topic>`), development only. */
  EVENTS_PUSH_TOKEN: 'atlas-local-events-push-token',
  WRANGLER_DEV_PORT: 8787,
  GRAFANA_PORT: 3000,
  /** Toxiproxy's HTTP API; the *_PROXY_PORT settings are its proxies in front of each dependency. */
  TOXIPROXY_PORT: 8474,
  POSTGRES_PROXY_PORT: 15432,
  REDIS_PROXY_PORT: 16379,
  REDIS_REST_PROXY_PORT: 18079,
  KAFKA_PROXY_PORT: 19092,
  MINIO_PROXY_PORT: 19000,
} as const;

export type LocalDefaultName = keyof typeof LOCAL_DEFAULTS;

/** Reads a local setting: the environment variable if set, else the default above. */
export function localSetting<K extends LocalDefaultName>(name: K, env: Readonly<Record<string, string | undefined>>): string {
  return env[name] ?? String(LOCAL_DEFAULTS[name]);
}
