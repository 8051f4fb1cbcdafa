/** A production environment with a value of its own for every credential. */
export const PRODUCTION_ENV = {
  ATLAS_ENV: 'production',
  DATABASE_URL: 'postgres://atlas_app:s3cret-db@db.example:5432/atlas',
  JWT_SECRET: 'a-production-jwt-secret-of-at-least-32-bytes',
  EVENTS_PUSH_TOKEN: 'production-events-push-token',
  METRICS_PUSH_TOKEN: 'production-metrics-push-token',
  UPSTASH_REDIS_REST_TOKEN: 'production-redis-rest-token',
  S3_ACCESS_KEY_ID: 'production-access-key',
  S3_SECRET_ACCESS_KEY: 'production-secret-key',
} as const;

/** The credentials a function (either runtime) refuses to run in production with at their development default. */
export const FUNCTION_CREDENTIAL_NAMES = [
  'JWT_SECRET',
  'EVENTS_PUSH_TOKEN',
  'METRICS_PUSH_TOKEN',
  'UPSTASH_REDIS_REST_TOKEN',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'DATABASE_URL',
];
