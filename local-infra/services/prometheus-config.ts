import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { LOCAL_DEFAULTS } from '#shared/config/local-defaults.ts';
import type { InfraConfig } from './config.ts';

interface PrometheusYaml {
  rule_files?: string[];
  scrape_configs?: { static_configs?: { targets?: string[] }[] }[];
}

/**
 * The native Prometheus config: the shared `local-infra/prometheus/prometheus.yml` (the one
 * compose mounts) with its scrape targets moved to this instance's ports and its rule_files made
 * absolute, because the generated copy lives in the state dir, not next to the rules.
 */
export async function nativePrometheusConfig(sharedFile: string, config: InfraConfig): Promise<string> {
  const doc = parse(await readFile(sharedFile, 'utf8')) as PrometheusYaml;
  const moved = new Map([
    [`127.0.0.1:${LOCAL_DEFAULTS.PROMETHEUS_PORT}`, `127.0.0.1:${config.port('PROMETHEUS_PORT')}`],
    [`127.0.0.1:${LOCAL_DEFAULTS.METRICS_SIDECAR_PORT}`, `127.0.0.1:${config.port('METRICS_SIDECAR_PORT')}`],
  ]);
  for (const job of doc.scrape_configs ?? []) {
    for (const group of job.static_configs ?? []) group.targets = group.targets?.map((target) => moved.get(target) ?? target);
  }
  doc.rule_files = doc.rule_files?.map((pattern) => (isAbsolute(pattern) ? pattern : join(dirname(sharedFile), pattern)));
  return `# Generated from ${sharedFile} by local-infra; edit that file instead.\n${stringify(doc)}`;
}
