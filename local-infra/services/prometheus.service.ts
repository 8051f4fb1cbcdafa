import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEBIAN_PACKAGES, aptInstall, isExecutable } from './apt.ts';
import type { InfraConfig } from './config.ts';
import { defineProcessService } from './process-service.ts';
import { nativePrometheusConfig } from './prometheus-config.ts';
import type { ServiceDefinition } from './types.ts';

/** Debian's prometheus binary. */
export const PROMETHEUS_BINARY = '/usr/bin/prometheus';

/** Config shared with docker-compose (scrapes itself and the metrics sidecar). */
export function prometheusConfigFile(config: InfraConfig): string {
  return join(config.repoRoot, 'local-infra', 'prometheus', 'prometheus.yml');
}

/** Prometheus from Debian's package, own TSDB under .state, loopback only. */
export function createPrometheusService(config: InfraConfig): ServiceDefinition {
  const port = config.port('PROMETHEUS_PORT');
  const tsdb = join(config.stateDir, 'prometheus', 'data');
  const generatedConfig = join(config.stateDir, 'prometheus', 'prometheus.yml');
  return defineProcessService({
    name: 'prometheus',
    config,
    ports: [{ setting: 'PROMETHEUS_PORT', port }],
    healthTimeoutMs: 30_000,
    stopGraceMs: 10_000,
    async install({ progress, signal }) {
      if (!(await isExecutable(PROMETHEUS_BINARY))) await aptInstall('prometheus', [DEBIAN_PACKAGES.prometheus], progress, signal);
    },
    async prepare() {
      await mkdir(tsdb, { recursive: true });
      await writeFile(generatedConfig, await nativePrometheusConfig(prometheusConfigFile(config), config));
    },
    launch: () => ({
      command: PROMETHEUS_BINARY,
      args: [
        `--config.file=${generatedConfig}`,
        `--storage.tsdb.path=${tsdb}`,
        '--storage.tsdb.retention.time=7d',
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.enable-lifecycle',
      ],
      cwd: join(tsdb, '..'),
    }),
    async probe(signal) {
      const response = await fetch(`http://127.0.0.1:${port}/-/ready`, { signal });
      if (!response.ok) throw new Error(`GET /-/ready -> ${response.status}`);
    },
  });
}
