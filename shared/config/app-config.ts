import { z } from 'zod';
import { localSetting } from './local-defaults.ts';
import { ATLAS_ENVIRONMENTS, DevelopmentDefaultsError, developmentDefaultsInEffect } from './production-guard.ts';
import type { AtlasEnvironment } from './production-guard.ts';

/** Environment as both runtimes see it: `process.env` on Node, string bindings on workerd. */
export type EnvRecord = Readonly<Record<string, string | undefined>>;

/** Log levels understood by every runtime entry. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Typed configuration shared by every function entry (Node and workerd). */
export interface AppConfig {
  /** `ATLAS_ENV`: production refuses every committed development credential (production-guard.ts). */
  readonly environment: AtlasEnvironment;
  readonly database: {
    readonly url: string;
    /** Connections per Node process (workerd uses a small per-request client instead). */
    readonly poolSize: number;
    /** Seconds before a connection attempt fails: a down database must fail fast. */
    readonly connectTimeoutSeconds: number;
    /** Seconds an idle pooled connection is kept. */
    readonly idleTimeoutSeconds: number;
  };
  readonly redis: {
    readonly adapter: 'tcp' | 'rest';
    readonly url: string;
    readonly restUrl: string;
    readonly restToken: string;
  };
  readonly kafka: { readonly brokers: readonly string[] };
  readonly s3: {
    readonly endpoint: string;
    readonly region: string;
    readonly bucket: string;
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
  };
  readonly metrics: { readonly sidecarUrl: string; readonly pushToken: string };
  /** HS256 key of access tokens (shared/auth); production sets it as a secret. */
  readonly jwtSecret: string;
  /** Shared secret of event pushes to workers (`POST /__events/<topic>`, see shared/app/triggers.ts). */
  readonly events: { readonly pushToken: string };
  readonly logLevel: LogLevel;
}

/** Raised when the environment holds a value that cannot be used; lists every bad variable. */
export class ConfigError extends Error {
  readonly code = 'invalid_config';
  readonly issues: readonly string[];
  constructor(issues: readonly string[]) {
    super(`Invalid configuration: ${issues.join('; ')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const url = z.url();

function schemaFor(env: EnvRecord) {
  const pg = {
    user: localSetting('POSTGRES_USER', env),
    password: localSetting('POSTGRES_PASSWORD', env),
    port: localSetting('POSTGRES_PORT', env),
    db: localSetting('POSTGRES_DB', env),
  };
  return z.object({
    ATLAS_ENV: z.enum(ATLAS_ENVIRONMENTS).default('development'),
    DATABASE_URL: url.default(`postgres://${pg.user}:${pg.password}@127.0.0.1:${pg.port}/${pg.db}`),
    DATABASE_POOL_SIZE: positiveInt(10),
    DATABASE_CONNECT_TIMEOUT_SECONDS: positiveInt(2),
    DATABASE_IDLE_TIMEOUT_SECONDS: positiveInt(30),
    REDIS_ADAPTER: z.enum(['tcp', 'rest']).default('tcp'),
    REDIS_URL: url.default(`redis://127.0.0.1:${localSetting('REDIS_PORT', env)}`),
    UPSTASH_REDIS_REST_URL: url.default(`http://127.0.0.1:${localSetting('REDIS_REST_PORT', env)}`),
    UPSTASH_REDIS_REST_TOKEN: z.string().min(1).default(localSetting('REDIS_REST_TOKEN', env)),
    KAFKA_BROKERS: z
      .string()
      .default(`127.0.0.1:${localSetting('KAFKA_PORT', env)}`)
      .transform((list) =>
        list
          .split(',')
          .map((broker) => broker.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port')).min(1)),
    S3_ENDPOINT: url.default(`http://127.0.0.1:${localSetting('MINIO_PORT', env)}`),
    S3_REGION: z.string().min(1).default(localSetting('S3_REGION', env)),
    S3_BUCKET: z.string().min(1).default(localSetting('S3_BUCKET', env)),
    S3_ACCESS_KEY_ID: z.string().min(1).default(localSetting('MINIO_ROOT_USER', env)),
    S3_SECRET_ACCESS_KEY: z.string().min(1).default(localSetting('MINIO_ROOT_PASSWORD', env)),
    METRICS_SIDECAR_URL: url.default(`http://127.0.0.1:${localSetting('METRICS_SIDECAR_PORT', env)}`),
    METRICS_PUSH_TOKEN: z.string().min(1).default(localSetting('METRICS_PUSH_TOKEN', env)),
    // 256 bits at least for HS256 (RFC 7518 §3.2); the local default is for development only.
    JWT_SECRET: z.string().min(32).default(localSetting('JWT_SECRET', env)),
    EVENTS_PUSH_TOKEN: z.string().min(16).default(localSetting('EVENTS_PUSH_TOKEN', env)),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  });
}

/**
 * Parses the environment into an {@link AppConfig}. Unset variables fall back to the local
 * deployment's defaults (`LOCAL_DEFAULTS`); empty strings count as unset so that
 * `FOO= npm start` behaves like not setting FOO. With `ATLAS_ENV=production` no committed
 * development credential may be in effect, whether defaulted or set explicitly.
 * @throws ConfigError naming every invalid variable.
 * @throws DevelopmentDefaultsError in production, naming every variable still at its development value.
 */
export function loadConfig(env: EnvRecord): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schemaFor(present).safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  if (e.ATLAS_ENV === 'production') {
    const found = developmentDefaultsInEffect({
      JWT_SECRET: e.JWT_SECRET,
      EVENTS_PUSH_TOKEN: e.EVENTS_PUSH_TOKEN,
      METRICS_PUSH_TOKEN: e.METRICS_PUSH_TOKEN,
      UPSTASH_REDIS_REST_TOKEN: e.UPSTASH_REDIS_REST_TOKEN,
      S3_ACCESS_KEY_ID: e.S3_ACCESS_KEY_ID,
      S3_SECRET_ACCESS_KEY: e.S3_SECRET_ACCESS_KEY,
      DATABASE_URL: e.DATABASE_URL,
    });
    if (found.length > 0) throw new DevelopmentDefaultsError(found);
  }
  return {
    environment: e.ATLAS_ENV,
    database: {
      url: e.DATABASE_URL,
      poolSize: e.DATABASE_POOL_SIZE,
      connectTimeoutSeconds: e.DATABASE_CONNECT_TIMEOUT_SECONDS,
      idleTimeoutSeconds: e.DATABASE_IDLE_TIMEOUT_SECONDS,
    },
    redis: {
      adapter: e.REDIS_ADAPTER,
      url: e.REDIS_URL,
      restUrl: e.UPSTASH_REDIS_REST_URL,
      restToken: e.UPSTASH_REDIS_REST_TOKEN,
    },
    kafka: { brokers: e.KAFKA_BROKERS },
    s3: {
      endpoint: e.S3_ENDPOINT,
      region: e.S3_REGION,
      bucket: e.S3_BUCKET,
      accessKeyId: e.S3_ACCESS_KEY_ID,
      secretAccessKey: e.S3_SECRET_ACCESS_KEY,
    },
    metrics: { sidecarUrl: e.METRICS_SIDECAR_URL, pushToken: e.METRICS_PUSH_TOKEN },
    jwtSecret: e.JWT_SECRET,
    events: { pushToken: e.EVENTS_PUSH_TOKEN },
    logLevel: e.LOG_LEVEL,
  };
}
