import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_DEFAULTS, localSetting, type LocalDefaultName } from '#shared/config/local-defaults.ts';
import { faultsEnabled } from '../faults/proxies.ts';

/** Repository root (local-infra/services/ is two levels below it). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where local-infra keeps things; everything has a default so `createInfraConfig()` just works. */
export interface InfraConfigOptions {
  /** Environment to read settings from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Explicit setting values that win over the environment (tests use other ports). */
  readonly overrides?: Partial<Record<LocalDefaultName, string | number>>;
  /** Data, pid files and logs (default `<repo>/.state`, env ATLAS_STATE_DIR). */
  readonly stateDir?: string;
  /** Downloaded jars and built binaries shared by checkouts (default `~/.cache/atlas-edge`). */
  readonly cacheDir?: string;
}

/** Resolved configuration of one local-infra instance. */
export interface InfraConfig {
  readonly repoRoot: string;
  readonly stateDir: string;
  readonly cacheDir: string;
  readonly logDir: string;
  readonly runDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A LOCAL_DEFAULTS setting after env and overrides. */
  setting(name: LocalDefaultName): string;
  /** A numeric setting (ports). */
  port(name: LocalDefaultName): number;
}

/** Builds the config of an infra instance: shared defaults, or an isolated one for tests. */
export function createInfraConfig(options: InfraConfigOptions = {}): InfraConfig {
  const env = options.env ?? process.env;
  const stateDir = resolve(options.stateDir ?? env['ATLAS_STATE_DIR'] ?? join(REPO_ROOT, '.state'));
  const cacheDir = resolve(options.cacheDir ?? env['ATLAS_CACHE_DIR'] ?? join(homedir(), '.cache', 'atlas-edge'));
  const overrides = options.overrides ?? {};
  const setting = (name: LocalDefaultName): string => {
    const override = overrides[name];
    return override === undefined ? localSetting(name, env) : String(override);
  };
  return {
    repoRoot: REPO_ROOT,
    stateDir,
    cacheDir,
    logDir: join(stateDir, 'logs'),
    runDir: join(stateDir, 'run'),
    env,
    setting,
    port(name) {
      const value = Number(setting(name));
      if (!Number.isInteger(value) || value <= 0 || value > 65_535) {
        throw new RangeError(`${name} must be a TCP port, got "${setting(name)}" (default ${String(LOCAL_DEFAULTS[name])})`);
      }
      return value;
    },
  };
}

/** Env contract names and their values for one infra instance. */
export type ConnectionEnv = Record<
  | 'DATABASE_URL'
  | 'REDIS_URL'
  | 'UPSTASH_REDIS_REST_URL'
  | 'UPSTASH_REDIS_REST_TOKEN'
  | 'KAFKA_BROKERS'
  | 'S3_ENDPOINT'
  | 'S3_ACCESS_KEY_ID'
  | 'S3_SECRET_ACCESS_KEY'
  | 'S3_REGION'
  | 'S3_BUCKET',
  string
>;

/** Options of {@link connectionEnv}. */
export interface ConnectionEnvOptions {
  /** Addresses of the Toxiproxy proxies instead of the services (default: ATLAS_FAULTS of the config's env). */
  readonly throughFaultProxies?: boolean;
}

/** Connection URLs other processes use, derived from one config (the env contract names). */
export function connectionEnv(config: InfraConfig, options: ConnectionEnvOptions = {}): ConnectionEnv {
  const s = config.setting;
  const proxied = options.throughFaultProxies ?? faultsEnabled(config.env);
  const port = (direct: LocalDefaultName, proxy: LocalDefaultName): string => s(proxied ? proxy : direct);
  const pg = `postgres://${s('POSTGRES_USER')}:${s('POSTGRES_PASSWORD')}@127.0.0.1:${port('POSTGRES_PORT', 'POSTGRES_PROXY_PORT')}/${s('POSTGRES_DB')}`;
  return {
    DATABASE_URL: `${pg}?sslmode=disable`,
    REDIS_URL: `redis://127.0.0.1:${port('REDIS_PORT', 'REDIS_PROXY_PORT')}`,
    UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${port('REDIS_REST_PORT', 'REDIS_REST_PROXY_PORT')}`,
    UPSTASH_REDIS_REST_TOKEN: s('REDIS_REST_TOKEN'),
    KAFKA_BROKERS: `127.0.0.1:${port('KAFKA_PORT', 'KAFKA_PROXY_PORT')}`,
    S3_ENDPOINT: `http://127.0.0.1:${port('MINIO_PORT', 'MINIO_PROXY_PORT')}`,
    S3_ACCESS_KEY_ID: s('MINIO_ROOT_USER'),
    S3_SECRET_ACCESS_KEY: s('MINIO_ROOT_PASSWORD'),
    S3_REGION: s('S3_REGION'),
    S3_BUCKET: s('S3_BUCKET'),
  };
}
