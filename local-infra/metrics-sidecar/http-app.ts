import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { aggregateSources } from './aggregate-exposition.ts';
import type { AggregationStore } from './aggregation-store.ts';
import { problem } from './problem.ts';
import { checkPushAuth } from './push-auth.ts';
import { parsePushPayload, PushPayloadError } from './push-payload.ts';
import type { RefusalReason, SidecarMetrics } from './sidecar-metrics.ts';

export interface SidecarAppOptions {
  store: AggregationStore;
  metrics: SidecarMetrics;
  /** Bearer token every push must carry (METRICS_PUSH_TOKEN). */
  token: string;
  /** Largest accepted push body in bytes (default 1 MiB); larger gets 413. */
  maxBodyBytes?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

/**
 * The sidecar's HTTP surface: `POST /push` (authenticated, validated, all-or-nothing on
 * rejection), `GET /metrics` (aggregated, for Prometheus) and `GET /health`.
 */
export function createSidecarApp(options: SidecarAppOptions): Hono {
  const { store, metrics, token, maxBodyBytes = 1024 * 1024, now = Date.now } = options;
  const app = new Hono();
  const refuse = (reason: RefusalReason, n = 1) => metrics.refused.inc({ reason }, n);

  app.post(
    '/push',
    // Auth first: an unauthenticated client learns nothing, not even the size limit.
    async (c, next) => {
      const auth = checkPushAuth(c.req.header('authorization'), token);
      if (auth === 'ok') return next();
      if (auth === 'missing') {
        refuse('unauthorized');
        return problem(c, 'unauthorized', { title: 'Missing bearer token', status: 401 }, { 'www-authenticate': 'Bearer' });
      }
      refuse('forbidden');
      return problem(c, 'forbidden', { title: 'Invalid push token', status: 403 });
    },
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => {
        refuse('too_large');
        return problem(c, 'too-large', { title: 'Push body too large', status: 413, detail: `limit is ${maxBodyBytes} bytes` });
      },
    }),
    async (c) => {
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch {
        refuse('malformed');
        return problem(c, 'malformed', { title: 'Push body is not JSON', status: 400 });
      }
      let payload;
      try {
        payload = parsePushPayload(body);
      } catch (error) {
        if (!(error instanceof PushPayloadError)) throw error;
        refuse('malformed');
        return problem(c, 'malformed', { title: 'Malformed push', status: 400, detail: error.message, errors: error.fields });
      }
      const result = store.ingest(payload, now());
      if (result.retiredInstances > 0) metrics.retiredInstances.inc(result.retiredInstances);
      for (const [reason, n] of Object.entries(result.refused)) refuse(reason as RefusalReason, n);
      if (!result.applied) {
        return problem(
          c,
          'instance-cap',
          {
            title: 'Too many instances',
            status: 429,
            detail: 'the sidecar tracks its maximum number of instances; retry after idle ones expire',
          },
          { 'retry-after': '30' },
        );
      }
      metrics.pushes.inc({ runtime: payload.instance.runtime });
      if (result.resets > 0) metrics.resets.inc(result.resets);
      return c.json({ accepted: result.acceptedSeries, refused: result.refused, resets: result.resets }, 202);
    },
  );

  app.get('/metrics', async (c) => {
    const retired = store.sweep(now());
    if (retired > 0) metrics.retiredInstances.inc(retired);
    const aggregated = await aggregateSources(store.sources(now()));
    const own = await metrics.registry.metrics();
    return c.body(`${aggregated.text}\n${own}`, 200, { 'content-type': metrics.registry.contentType });
  });

  app.get('/health', (c) => c.json({ status: 'ok', ...store.stats() }));

  return app;
}
