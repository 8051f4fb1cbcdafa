import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createInfraConfig, ensureUp, silentProgress } from '#local-infra/services/index.ts';
import { toxiproxyClient } from '#local-infra/services/toxiproxy.service.ts';
import { readActiveFaults } from './active-faults.ts';

const infra = createInfraConfig();
const toxiproxy = toxiproxyClient(infra);
const baseUrl = `http://127.0.0.1:${infra.port('TOXIPROXY_PORT')}`;

beforeAll(async () => {
  await ensureUp(['toxiproxy'], { config: infra, progress: silentProgress });
}, 120_000);

afterEach(async () => {
  await toxiproxy.removeToxic('minio', 'dashboard-test').catch(() => undefined);
  await toxiproxy.setEnabled('kafka', true);
});

describe('readActiveFaults (real Toxiproxy)', () => {
  it('lists the toxics and the proxies that are down, per service', async () => {
    await toxiproxy.addToxic('minio', { name: 'dashboard-test', type: 'bandwidth', attributes: { rate: 20 } });
    await toxiproxy.setEnabled('kafka', false);
    const faults = await readActiveFaults(baseUrl);
    expect(faults.available).toBe(true);
    const byService = faults.available ? Object.fromEntries(faults.proxies.map((p) => [p.service, p.faults])) : {};
    expect(byService['minio']).toEqual(['bandwidth rate=20']);
    expect(byService['kafka']).toEqual(['down']);
  });

  it('says faults are off when Toxiproxy does not answer', async () => {
    expect(await readActiveFaults('http://127.0.0.1:1')).toEqual({ available: false, reason: 'faults off (Toxiproxy not running)' });
  });
});
