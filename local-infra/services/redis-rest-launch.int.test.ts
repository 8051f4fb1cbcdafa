import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createIsolatedInfra, type IsolatedInfra } from '../testing/isolated-infra.ts';
import { ensureUp, stopServices } from './index.ts';

// The launcher's own path, as `npm start` takes it: redis (generated config with the ACL user)
// and redis-rest (a separate process logging in as that user), on an isolated instance.

describe('redis + redis-rest started by the launcher', () => {
  let infra: IsolatedInfra;
  let admin: Redis;
  const rest = async (argv: readonly (string | number)[]): Promise<{ result?: unknown; error?: string }> => {
    const response = await fetch(`http://127.0.0.1:${infra.config.port('REDIS_REST_PORT')}/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${infra.config.setting('REDIS_REST_TOKEN')}` },
      body: JSON.stringify(argv),
    });
    return (await response.json()) as { result?: unknown; error?: string };
  };

  beforeAll(async () => {
    infra = await createIsolatedInfra(['REDIS_PORT', 'REDIS_REST_PORT']);
    const results = await ensureUp(['redis-rest'], { config: infra.config, mode: 'native', progress: () => {} });
    expect(results.map((r) => [r.name, r.outcome])).toEqual([
      ['redis', 'started'],
      ['redis-rest', 'started'],
    ]);
    admin = new Redis({ port: infra.config.port('REDIS_PORT'), host: '127.0.0.1' });
  }, 60_000);

  afterAll(async () => {
    admin?.disconnect();
    await stopServices(['redis-rest', 'redis'], { config: infra.config, mode: 'native' });
    await infra.cleanup();
  });

  it('the endpoint is logged in as its ACL user: data commands and scripts work, FLUSHALL in a script does not', async () => {
    expect(await rest(['SET', 'launch:k', 'v'])).toEqual({ result: 'OK' });
    expect(await rest(['EVAL', "return redis.call('GET', KEYS[1])", 1, 'launch:k'])).toEqual({ result: 'v' });
    // Every connection the endpoint holds is the ACL user's, none the default user's.
    const clients = String(await admin.call('CLIENT', 'LIST'))
      .split('\n')
      .filter((line) => line.includes('cmd=') && !line.includes('cmd=client'));
    expect(clients.length).toBeGreaterThan(0);
    for (const line of clients) expect(line).toMatch(/ user=atlas-rest /);
    expect(await rest(['EVAL', "return redis.call('FLUSHALL')", 0])).toMatchObject({ error: expect.stringMatching(/can't run|NOPERM/) });
    expect(await admin.get('launch:k')).toBe('v');
  });
});
