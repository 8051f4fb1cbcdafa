/**
 * A minimal worker for the workerd push test: records one counter per request in the
 * `getMetricsAsJSON()` shape (as prom-client's registry exports it) and pushes with the real client,
 * created at module scope like an entry would. Bundled by esbuild with the sidecar URL defined.
 */
import { createMetricsPusher } from '#shared/observability/metrics-push.ts';
import { createWorkerdMetricsPush } from '#shared/observability/metrics-push-workerd.ts';
import type { WaitUntilContext } from '#shared/observability/metrics-push-workerd.ts';

declare const __SIDECAR_URL__: string;
declare const __PUSH_TOKEN__: string;

let requests = 0;
const pusher = createMetricsPusher({
  url: __SIDECAR_URL__,
  token: __PUSH_TOKEN__,
  function: 'push-fixture',
  runtime: 'workerd',
  collect: () => [
    {
      name: 'http_requests_total',
      help: 'HTTP requests answered.',
      type: 'counter',
      aggregator: 'sum',
      values: [{ value: requests, labels: { function: 'push-fixture', route: '/', method: 'GET', status_class: '2xx' } }],
    },
  ],
});
// Every request may push, so the test sees every count; entries use the 5 s default.
const push = createWorkerdMetricsPush(pusher, { minIntervalMs: 0 });

export default {
  async fetch(_request: Request, _env: unknown, ctx: WaitUntilContext): Promise<Response> {
    requests++;
    const response = new Response(`ok ${pusher.instance.id}`);
    push.afterRequest(ctx);
    return response;
  },
};
