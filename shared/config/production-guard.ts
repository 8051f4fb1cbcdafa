import { LOCAL_DEFAULTS } from './local-defaults.ts';

/** Deployment modes: development falls back to the committed local credentials, production never does. */
export const ATLAS_ENVIRONMENTS = ['development', 'production'] as const;
export type AtlasEnvironment = (typeof ATLAS_ENVIRONMENTS)[number];

/**
 * Secrets and credentials an application process reads, each with the development value that
 * is committed in `local-defaults.ts`. Anyone who reads the repository knows these values, so
 * in production each must be set to something else.
 */
const APP_SECRETS = {
  JWT_SECRET: LOCAL_DEFAULTS.JWT_SECRET,
  EVENTS_PUSH_TOKEN: LOCAL_DEFAULTS.EVENTS_PUSH_TOKEN,
  METRICS_PUSH_TOKEN: LOCAL_DEFAULTS.METRICS_PUSH_TOKEN,
  UPSTASH_REDIS_REST_TOKEN: LOCAL_DEFAULTS.REDIS_REST_TOKEN,
  S3_ACCESS_KEY_ID: LOCAL_DEFAULTS.MINIO_ROOT_USER,
  S3_SECRET_ACCESS_KEY: LOCAL_DEFAULTS.MINIO_ROOT_PASSWORD,
} as const;

/** Raised when production mode finds a development credential in effect; names every variable. */
export class DevelopmentDefaultsError extends Error {
  readonly code = 'development_defaults_in_production';
  readonly variables: readonly string[];
  constructor(variables: readonly string[]) {
    super(`ATLAS_ENV=production refuses the development default of: ${variables.join(', ')} (set each to a production value)`);
    this.name = 'DevelopmentDefaultsError';
    this.variables = variables;
  }
}

/** Reads `ATLAS_ENV`; unset or empty means development, anything but the two modes is refused. */
export function atlasEnvironment(env: Readonly<Record<string, string | undefined>>): AtlasEnvironment {
  const value = env['ATLAS_ENV'] || 'development';
  if (!(ATLAS_ENVIRONMENTS as readonly string[]).includes(value)) {
    throw new Error(`ATLAS_ENV must be one of ${ATLAS_ENVIRONMENTS.join(', ')}, got "${value}"`);
  }
  return value as AtlasEnvironment;
}

/** True when a Postgres URL carries the committed development password. */
function usesDevelopmentDatabasePassword(databaseUrl: string): boolean {
  try {
    return decodeURIComponent(new URL(databaseUrl).password) === LOCAL_DEFAULTS.POSTGRES_PASSWORD;
  } catch {
    return false;
  }
}

/**
 * Names of the variables whose effective value (set or defaulted) is a committed development
 * credential. `effective` holds the values the process will use, defaults applied.
 */
export function developmentDefaultsInEffect(effective: Readonly<Record<string, string | undefined>>): string[] {
  const found = Object.entries(APP_SECRETS)
    .filter(([name, devValue]) => (effective[name] ?? devValue) === devValue)
    .map(([name]) => name);
  const databaseUrl = effective['DATABASE_URL'];
  if (databaseUrl === undefined || usesDevelopmentDatabasePassword(databaseUrl)) found.push('DATABASE_URL');
  return found;
}

/**
 * Refuses a development credential for one named setting of a platform service (Redis REST
 * endpoint, metrics sidecar, launchers) in production mode.
 * @throws DevelopmentDefaultsError naming every setting that still holds its development value.
 */
export function assertNoDevelopmentDefaults(
  env: Readonly<Record<string, string | undefined>>,
  settings: Readonly<Record<string, string>>,
): void {
  if (atlasEnvironment(env) !== 'production') return;
  const found = Object.entries(settings)
    .filter(([name, value]) => value === String(LOCAL_DEFAULTS[name as keyof typeof LOCAL_DEFAULTS]))
    .map(([name]) => name);
  if (found.length > 0) throw new DevelopmentDefaultsError(found);
}
