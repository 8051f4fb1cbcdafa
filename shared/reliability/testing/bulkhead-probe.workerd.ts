import { createBulkhead } from '../bulkhead.ts';
import type { Bulkhead } from '../bulkhead.ts';

// workerd entry of the bulkhead probe (bulkhead.workerd.int.test.ts): ONE bulkhead per isolate,
// as the platform keeps one per dependency, in front of a subrequest to `?upstream=`. With one
// slot, concurrent requests queue behind each other; each must still get its own answer.
let bulkhead: Bulkhead | undefined;

export default {
  async fetch(request: Request): Promise<Response> {
    bulkhead ??= createBulkhead({ concurrency: 1, queue: 32 });
    const upstream = new URL(request.url).searchParams.get('upstream');
    if (!upstream) return new Response('missing ?upstream=', { status: 400 });
    const body = await bulkhead.execute(async (signal) => (await fetch(upstream, { signal })).text(), AbortSignal.timeout(5_000));
    return new Response(body);
  },
};
