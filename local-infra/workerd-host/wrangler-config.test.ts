import { describe, expect, it } from 'vitest';
import { unstable_readConfig } from 'wrangler';
import { FUNCTIONS } from '#functions/registry.ts';
import { LOCAL_DEFAULTS as D } from '#shared/config/local-defaults.ts';

// wrangler.toml cannot import local-defaults.ts, so its local values are kept in step here.
const LOCAL_VARS = {
  REDIS_ADAPTER: 'rest',
  UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${D.REDIS_REST_PORT}`,
  UPSTASH_REDIS_REST_TOKEN: D.REDIS_REST_TOKEN,
  KAFKA_BROKERS: `127.0.0.1:${D.KAFKA_PORT}`,
  S3_ENDPOINT: `http://127.0.0.1:${D.MINIO_PORT}`,
  S3_REGION: D.S3_REGION,
  S3_BUCKET: D.S3_BUCKET,
  S3_ACCESS_KEY_ID: D.MINIO_ROOT_USER,
  S3_SECRET_ACCESS_KEY: D.MINIO_ROOT_PASSWORD,
  METRICS_SIDECAR_URL: `http://127.0.0.1:${D.METRICS_SIDECAR_PORT}`,
  METRICS_PUSH_TOKEN: D.METRICS_PUSH_TOKEN,
  JWT_SECRET: D.JWT_SECRET,
  LOG_LEVEL: 'info',
};
const LOCAL_POSTGRES = `postgres://${D.POSTGRES_USER}:${D.POSTGRES_PASSWORD}@127.0.0.1:${D.POSTGRES_PORT}/${D.POSTGRES_DB}`;

/** Settings whose default points at a local service: production must set each one. */
const NO_LOCAL_DEFAULT_IN_PRODUCTION = Object.keys(LOCAL_VARS).filter(
  (name) => !['REDIS_ADAPTER', 'LOG_LEVEL', 'S3_REGION', 'S3_BUCKET'].includes(name),
);

const read = (env: string | undefined) => unstable_readConfig({ config: 'wrangler.toml', ...(env ? { env } : {}) });

describe('wrangler.toml', () => {
  it.each(['', ...FUNCTIONS.map((fn) => fn.name)])('local env "%s" binds the LOCAL_DEFAULTS services', (env) => {
    const config = read(env || undefined);
    expect({ ...config.vars }).toEqual(LOCAL_VARS);
    expect(config.hyperdrive.map((h: object) => ({ ...h }))).toEqual([
      { binding: 'HYPERDRIVE', id: expect.any(String), localConnectionString: LOCAL_POSTGRES },
    ]);
    expect(config.compatibility_flags).toContain('nodejs_compat');
  });

  it.each(FUNCTIONS.map((fn) => fn.name))('function %s has a local and a production env with its workerd entry', (name) => {
    for (const env of [name, `${name}-production`]) {
      expect(read(env).main).toMatch(new RegExp(`functions/${name}/${name}\\.workerd\\.ts$`));
    }
  });

  it.each(FUNCTIONS.map((fn) => `${fn.name}-production`))('%s sets every service address and credential, none local', (env) => {
    const config = read(env);
    const vars = { ...config.vars } as Record<string, string>;
    const secrets = config.secrets?.required ?? [];
    for (const name of NO_LOCAL_DEFAULT_IN_PRODUCTION) expect(name in vars || secrets.includes(name), name).toBe(true);
    for (const name of ['UPSTASH_REDIS_REST_URL', 'UPSTASH_REDIS_REST_TOKEN', 'JWT_SECRET', 'EVENTS_PUSH_TOKEN'])
      expect(secrets).toContain(name);
    // Production mode: the worker refuses to serve while a development credential is in effect.
    expect(vars['ATLAS_ENV']).toBe('production');
    expect(JSON.stringify(vars)).not.toMatch(/127\.0\.0\.1|localhost/);
    for (const secret of [D.REDIS_REST_TOKEN, D.MINIO_ROOT_PASSWORD, D.METRICS_PUSH_TOKEN, D.JWT_SECRET])
      expect(JSON.stringify(vars)).not.toContain(secret);
    expect(config.hyperdrive.map((h: object) => ({ ...h }))).toEqual([
      { binding: 'HYPERDRIVE', id: expect.stringMatching(/^[0-9a-f]{32}$/) },
    ]);
  });
});
