/**
 * Metrics sidecar entry: `node local-infra/metrics-sidecar/main.ts`.
 * Env: METRICS_SIDECAR_PORT (default 9465), METRICS_PUSH_TOKEN (dev default in LOCAL_DEFAULTS),
 * METRICS_SIDECAR_HOST (default 127.0.0.1).
 */
import { localSetting } from '#shared/config/local-defaults.ts';
import { startMetricsSidecar } from './server.ts';

const sidecar = await startMetricsSidecar({
  port: Number(localSetting('METRICS_SIDECAR_PORT', process.env)),
  hostname: process.env.METRICS_SIDECAR_HOST ?? '127.0.0.1',
  token: localSetting('METRICS_PUSH_TOKEN', process.env),
});
console.log(JSON.stringify({ level: 'info', msg: 'metrics sidecar listening', url: sidecar.url }));

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void sidecar.close().then(() => process.exit(0));
  });
}
