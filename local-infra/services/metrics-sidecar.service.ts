import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { InfraConfig } from './config.ts';
import { InfraError } from './errors.ts';
import { defineProcessService } from './process-service.ts';
import type { ServiceDefinition } from './types.ts';

/** Entry of the metrics sidecar (project code, local-infra/metrics-sidecar/). */
export function metricsSidecarEntry(config: InfraConfig): string {
  return join(config.repoRoot, 'local-infra', 'metrics-sidecar', 'main.ts');
}

/** The metrics sidecar: instances push to it, Prometheus scrapes it (ADR 0013). */
export function createMetricsSidecarService(config: InfraConfig): ServiceDefinition {
  const port = config.port('METRICS_SIDECAR_PORT');
  const entry = metricsSidecarEntry(config);
  return defineProcessService({
    name: 'metrics-sidecar',
    config,
    ports: [{ setting: 'METRICS_SIDECAR_PORT', port }],
    healthTimeoutMs: 20_000,
    stopGraceMs: 5_000,
    async install() {
      if (!existsSync(entry)) {
        throw new InfraError({
          code: 'INSTALL_FAILED',
          service: 'metrics-sidecar',
          port,
          message: `metrics-sidecar: ${entry} does not exist (the sidecar is project code)`,
        });
      }
    },
    launch: () => ({
      command: process.execPath,
      args: [entry],
      env: { METRICS_SIDECAR_PORT: String(port), METRICS_PUSH_TOKEN: config.setting('METRICS_PUSH_TOKEN') },
      cwd: config.repoRoot,
    }),
    async probe(signal) {
      const response = await fetch(`http://127.0.0.1:${port}/health`, { signal });
      if (!response.ok) throw new Error(`GET /health -> ${response.status}`);
    },
  });
}
