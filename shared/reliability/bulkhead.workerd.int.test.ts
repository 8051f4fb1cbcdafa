import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProbeWorker } from '#local-infra/workerd-host/probe-worker.ts';
import type { ProbeWorker } from '#local-infra/workerd-host/probe-worker.ts';

// The bulkhead inside workerd (bundled by wrangler, served by Miniflare): a call that waited in
// the queue must run in ITS request's I/O context. cockatiel's BulkheadPolicy started it in the
// finishing request's chain; workerd then cancelled the waiter's subrequest with that request
// and the waiter never answered (the 504s of `npm run bench:runtimes` before the fix).

let probe: ProbeWorker | undefined;
let upstream: Server | undefined;
let upstreamUrl = '';

beforeAll(async () => {
  // A slow upstream (20 ms per answer), so requests really queue behind the one slot.
  let served = 0;
  upstream = createServer((_req, res) => {
    served += 1;
    const n = served;
    setTimeout(() => res.end(`answer ${n}`), 20);
  });
  await new Promise<void>((done) => upstream?.listen(0, '127.0.0.1', done));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/`;
  probe = await startProbeWorker({ name: 'bulkhead-probe', main: 'shared/reliability/testing/bulkhead-probe.workerd.ts' });
}, 120_000);

afterAll(async () => {
  await probe?.dispose();
  await new Promise<void>((done) => (upstream ? upstream.close(() => done()) : done()));
});

describe('bulkhead on workerd', () => {
  it('answers every concurrent request that queued for the single slot', async () => {
    if (!probe) throw new Error('Miniflare not started');
    const mf = probe.miniflare;
    const started = Date.now();
    const responses = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const response = await mf.dispatchFetch(`http://probe.local/?upstream=${encodeURIComponent(upstreamUrl)}`);
        return { status: response.status, body: await response.text() };
      }),
    );
    expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 12 }, () => 200));
    // Each request got an upstream answer of its own, one at a time through the slot.
    expect(new Set(responses.map((r) => r.body)).size).toBe(12);
    // 12 x 20 ms in series, far below the probe's 5 s wait: nobody hung.
    expect(Date.now() - started).toBeLessThan(4_000);
  }, 30_000);
});
