import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { AggregationStore } from './aggregation-store.ts';
import type { AggregationStoreOptions } from './aggregation-store.ts';
import { createSidecarApp } from './http-app.ts';
import { SidecarMetrics } from './sidecar-metrics.ts';

export interface MetricsSidecarOptions extends AggregationStoreOptions {
  /** Port to listen on; 0 picks a free one (tests). */
  port: number;
  /** Interface to bind (default 127.0.0.1: local only). */
  hostname?: string;
  token: string;
  maxBodyBytes?: number;
}

/** A running sidecar. */
export interface MetricsSidecar {
  url: string;
  port: number;
  store: AggregationStore;
  close(): Promise<void>;
}

/** Starts the sidecar's HTTP server; resolves once it listens. */
export async function startMetricsSidecar(options: MetricsSidecarOptions): Promise<MetricsSidecar> {
  const { port, hostname = '127.0.0.1', token, maxBodyBytes, ...storeOptions } = options;
  const store = new AggregationStore(storeOptions);
  const metrics = new SidecarMetrics(() => store.stats());
  const app = createSidecarApp({ store, metrics, token, maxBodyBytes });
  const { server, address } = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname }, (info) => resolve({ server: s, address: info }));
    s.once('error', reject);
  });
  return {
    url: `http://${hostname}:${address.port}`,
    port: address.port,
    store,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections from Prometheus or pushers would hold close() open.
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
