import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config.ts';
import { LOCAL_DEFAULTS } from './local-defaults.ts';

describe('loadConfig', () => {
  it('derives every default from LOCAL_DEFAULTS', () => {
    const config = loadConfig({});
    expect(config.database.url).toBe(`postgres://atlas:atlas@127.0.0.1:${LOCAL_DEFAULTS.POSTGRES_PORT}/atlas`);
    expect(config.redis).toEqual({
      adapter: 'tcp',
      url: `redis://127.0.0.1:${LOCAL_DEFAULTS.REDIS_PORT}`,
      restUrl: `http://127.0.0.1:${LOCAL_DEFAULTS.REDIS_REST_PORT}`,
      restToken: LOCAL_DEFAULTS.REDIS_REST_TOKEN,
    });
    expect(config.kafka.brokers).toEqual([`127.0.0.1:${LOCAL_DEFAULTS.KAFKA_PORT}`]);
    expect(config.s3).toMatchObject({ bucket: 'atlas-media', accessKeyId: LOCAL_DEFAULTS.MINIO_ROOT_USER });
    expect(config.database.poolSize).toBe(10);
    expect(config.logLevel).toBe('info');
    expect(config.jwtSecret).toBe(LOCAL_DEFAULTS.JWT_SECRET);
  });

  it('lets a moved local port flow into the derived URLs', () => {
    const config = loadConfig({ POSTGRES_PORT: '55432', REDIS_REST_PORT: '18079' });
    expect(config.database.url).toBe('postgres://atlas:atlas@127.0.0.1:55432/atlas');
    expect(config.redis.restUrl).toBe('http://127.0.0.1:18079');
  });

  it('takes explicit variables over defaults and treats empty strings as unset', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db.example:5432/x',
      DATABASE_POOL_SIZE: '25',
      REDIS_ADAPTER: 'rest',
      KAFKA_BROKERS: ' k1:9092, k2:9092 ,',
      LOG_LEVEL: '',
    });
    expect(config.database).toMatchObject({ url: 'postgres://u:p@db.example:5432/x', poolSize: 25 });
    expect(config.redis.adapter).toBe('rest');
    expect(config.kafka.brokers).toEqual(['k1:9092', 'k2:9092']);
    expect(config.logLevel).toBe('info');
  });

  it('names every invalid variable in one ConfigError', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'not a url', DATABASE_POOL_SIZE: '-1', REDIS_ADAPTER: 'udp', KAFKA_BROKERS: 'nohost' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.join('\n');
    for (const name of ['DATABASE_URL', 'DATABASE_POOL_SIZE', 'REDIS_ADAPTER', 'KAFKA_BROKERS']) expect(issues).toContain(name);
    expect((error as ConfigError).code).toBe('invalid_config');
  });
});
