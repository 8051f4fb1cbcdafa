import { describe, expect, it } from 'vitest';
import { createInfraConfig } from './config.ts';
import { createService } from './registry.ts';
import { startService, stopService } from './index.ts';

describe('the shared redis service', () => {
  it('goes unhealthy when stopped and healthy again when started', async () => {
    const config = createInfraConfig();
    const redis = createService('redis', config);
    expect((await redis.healthCheck()).healthy).toBe(true);
    try {
      expect(await stopService('redis', { config, mode: 'native' })).toBe('stopped');
      const down = await redis.healthCheck({ timeoutMs: 1_000 });
      expect(down.healthy).toBe(false);
      expect((await redis.status()).state).toBe('stopped');
    } finally {
      // Others use this redis: bring it back whatever happened above.
      await startService('redis', { config, mode: 'native' });
    }
    expect((await redis.healthCheck()).healthy).toBe(true);
    expect((await redis.status()).state).toBe('running');
  });
});
