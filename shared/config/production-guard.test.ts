import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config.ts';
import { LOCAL_DEFAULTS } from './local-defaults.ts';
import { DevelopmentDefaultsError, assertNoDevelopmentDefaults } from './production-guard.ts';
import { FUNCTION_CREDENTIAL_NAMES, PRODUCTION_ENV } from './testing/production-env.ts';

function refusal(env: Record<string, string>): DevelopmentDefaultsError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof DevelopmentDefaultsError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('production mode', () => {
  it('development mode still falls back to every local default', () => {
    const config = loadConfig({});
    expect(config.environment).toBe('development');
    expect(config.jwtSecret).toBe(LOCAL_DEFAULTS.JWT_SECRET);
  });

  it('refuses to load with the defaults, naming each variable in effect', () => {
    const error = refusal({ ATLAS_ENV: 'production' });
    expect([...error.variables].sort()).toEqual([...FUNCTION_CREDENTIAL_NAMES].sort());
    for (const name of FUNCTION_CREDENTIAL_NAMES) expect(error.message).toContain(name);
    // Names only: the message may reach a log, the committed values add nothing there.
    expect(error.message).not.toContain(LOCAL_DEFAULTS.JWT_SECRET);
  });

  it('refuses a development value set explicitly, not only a defaulted one', () => {
    const error = refusal({
      ...PRODUCTION_ENV,
      JWT_SECRET: LOCAL_DEFAULTS.JWT_SECRET,
      DATABASE_URL: 'postgres://atlas:atlas@db.example:5432/atlas',
    });
    expect(error.variables).toEqual(['JWT_SECRET', 'DATABASE_URL']);
  });

  it('loads once every credential has a production value', () => {
    const config = loadConfig(PRODUCTION_ENV);
    expect(config.environment).toBe('production');
    expect(config.jwtSecret).toBe(PRODUCTION_ENV.JWT_SECRET);
  });

  it('rejects an unknown mode rather than guessing development', () => {
    expect(() => loadConfig({ ATLAS_ENV: 'prod' })).toThrow(ConfigError);
  });

  it('guards the platform services settings by name', () => {
    const env = { ATLAS_ENV: 'production' };
    expect(() => assertNoDevelopmentDefaults(env, { REDIS_REST_TOKEN: LOCAL_DEFAULTS.REDIS_REST_TOKEN })).toThrow(/REDIS_REST_TOKEN/);
    expect(() => assertNoDevelopmentDefaults(env, { REDIS_REST_TOKEN: 'a-real-token' })).not.toThrow();
    expect(() => assertNoDevelopmentDefaults({}, { REDIS_REST_TOKEN: LOCAL_DEFAULTS.REDIS_REST_TOKEN })).not.toThrow();
  });
});
