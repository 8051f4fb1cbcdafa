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
  KAFKA_PORT: 9092,
  KAFKA_CONTROLLER_PORT: 9093,
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
} as const;

export type LocalDefaultName = keyof typeof LOCAL_DEFAULTS;

/** Reads a local setting: the environment variable if set, else the default above. */
export function localSetting<K extends LocalDefaultName>(
  name: K,
  env: Readonly<Record<string, string | undefined>>,
): string {
  return env[name] ?? String(LOCAL_DEFAULTS[name]);
}
