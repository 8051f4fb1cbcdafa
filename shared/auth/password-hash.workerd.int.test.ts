import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProbeWorker } from '#local-infra/workerd-host/probe-worker.ts';
import type { ProbeWorker } from '#local-infra/workerd-host/probe-worker.ts';
import { PASSWORD_ITERATIONS, verifyPassword } from './password-hash.ts';

// The password hash inside workerd (bundled by wrangler, served by Miniflare) at the full
// OWASP cost: the same stored form on both runtimes, so a hash made by one verifies on the other.

let probe: ProbeWorker | undefined;

beforeAll(async () => {
  probe = await startProbeWorker({ name: 'password-hash-probe', main: 'shared/auth/testing/password-hash-probe.workerd.ts' });
}, 120_000);

afterAll(async () => {
  await probe?.dispose();
});

describe('password hashing on workerd', () => {
  it('hashes at the full cost, verifies, and its hash verifies on Node too', async () => {
    if (!probe) throw new Error('Miniflare not started');
    const response = await probe.miniflare.dispatchFetch('http://probe/?password=correct%20horse%20battery');
    const result = (await response.json()) as { stored: string; hashMs: number; matches: boolean; other: boolean };
    expect(result.stored.startsWith(`pbkdf2-sha256$${PASSWORD_ITERATIONS}$`)).toBe(true);
    expect(result).toMatchObject({ matches: true, other: false });
    expect(await verifyPassword('correct horse battery', result.stored)).toBe(true);
    console.info(`workerd: one PBKDF2-SHA-256 hash at ${PASSWORD_ITERATIONS} iterations took ${result.hashMs} ms`);
  });
});
