import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { AggregationStore } from './aggregation-store.ts';
import type { AggregationStoreOptions } from './aggregation-store.ts';
import { loadSlos } from '#local-infra/prometheus/slo-config.ts';
import { ALL_METRICS } from '#shared/observability/metric-catalogue.ts';
import type { SloConfig } from '#local-infra/prometheus/slo-config.ts';
import { mountDashboard } from './dashboard/dashboard-routes.ts';
import type { DashboardSampler } from './dashboard/dashboard-routes.ts';
import { createSidecarApp } from './http-app.ts';
import { SidecarMetrics } from './sidecar-metrics.ts';

export interface MetricsSidecarOptions extends AggregationStoreOptions {
  /** Port to listen on; 0 picks a free one (tests). */
  port: number;
  /** Interface to bind (default 127.0.0.1: local only). */
  hostname?: string;
  token: string;
  maxBodyBytes?: number;
  /** Dashboard sampling interval (default 5000 ms). */
  dashboardSampleIntervalMs?: number;
  /** SLO targets for the dashboard's burn table (default: local-infra/prometheus/slos.yml). */
  slos?: SloConfig;
}

/** A running sidecar. */
export interface MetricsSidecar {
  url: string;
  port: number;
  store: AggregationStore;
  dashboard: DashboardSampler;
  close(): Promise<void>;
}

/** Starts the sidecar's HTTP server; resolves once it listens. */
export async function startMetricsSidecar(options: MetricsSidecarOptions): Promise<MetricsSidecar> {
  const { port, hostname = '127.0.0.1', token, maxBodyBytes, dashboardSampleIntervalMs, slos = loadSlos(), ...storeOptions } = options;
  // The catalogue's declared type and aggregator per metric (ADR 0014), unless a test says otherwise.
  const store = new AggregationStore({ declared: ALL_METRICS, ...storeOptions });
  const metrics = new SidecarMetrics(() => store.stats());
  const app = createSidecarApp({ store, metrics, token, maxBodyBytes });
  const dashboard = mountDashboard(app, { store, slos, sampleIntervalMs: dashboardSampleIntervalMs });
  const { server, address } = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname }, (info) => resolve({ server: s, address: info }));
    s.once('error', reject);
  });
  return {
    url: `http://${hostname}:${address.port}`,
    port: address.port,
    store,
    dashboard,
    close: () =>
      new Promise<void>((resolve, reject) => {
        dashboard.stop();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections from Prometheus or pushers would hold close() open.
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
