/**
 * Metrics sidecar entry: `node local-infra/metrics-sidecar/main.ts`.
 * Env: METRICS_SIDECAR_PORT (default 9465), METRICS_PUSH_TOKEN (dev default in LOCAL_DEFAULTS),
 * METRICS_SIDECAR_HOST (default 127.0.0.1).
 */
import { localSetting } from '#shared/config/local-defaults.ts';
import { assertNoDevelopmentDefaults } from '#shared/config/production-guard.ts';
import { startMetricsSidecar } from './server.ts';

const token = localSetting('METRICS_PUSH_TOKEN', process.env);
try {
  assertNoDevelopmentDefaults(process.env, { METRICS_PUSH_TOKEN: token });
} catch (error) {
  console.error(JSON.stringify({ level: 'error', msg: 'configuration refused', detail: (error as Error).message }));
  process.exit(78);
}

const sidecar = await startMetricsSidecar({
  port: Number(localSetting('METRICS_SIDECAR_PORT', process.env)),
  hostname: process.env.METRICS_SIDECAR_HOST ?? '127.0.0.1',
  token,
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
