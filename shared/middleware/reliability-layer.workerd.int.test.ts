import { afterAll, beforeAll } from 'vitest';
import { startProbeWorker } from '#local-infra/workerd-host/probe-worker.ts';
import type { ProbeWorker } from '#local-infra/workerd-host/probe-worker.ts';
import { layerConformance } from './testing/layer-conformance.ts';

// workerd side of the conformance suite: the probe app bundled exactly as a deploy would
// (`wrangler deploy --dry-run --outdir`, nodejs_compat) and served by Miniflare (workerd).

let probe: ProbeWorker | undefined;

beforeAll(async () => {
  probe = await startProbeWorker({ name: 'layer-probe', main: 'shared/middleware/testing/probe.workerd.ts' });
}, 120_000);

afterAll(async () => {
  await probe?.dispose();
});

layerConformance('workerd (Miniflare, wrangler bundle)', () => async (path, init) => {
  if (!probe) throw new Error('Miniflare not started');
  return (await probe.miniflare.dispatchFetch(`http://probe.local${path}`, init as never)) as unknown as Response;
});
