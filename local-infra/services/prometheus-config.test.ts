import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT, createInfraConfig } from './config.ts';
import { nativePrometheusConfig } from './prometheus-config.ts';

const shared = join(REPO_ROOT, 'local-infra', 'prometheus', 'prometheus.yml');
const targetsOf = (text: string): string[] =>
  (parse(text) as { scrape_configs: { static_configs: { targets: string[] }[] }[] }).scrape_configs.flatMap((job) =>
    job.static_configs.flatMap((g) => g.targets),
  );

describe('nativePrometheusConfig', () => {
  it('keeps the shared targets for the default ports', async () => {
    const text = await nativePrometheusConfig(shared, createInfraConfig({ env: {} }));
    expect(targetsOf(text)).toEqual(['127.0.0.1:9090', '127.0.0.1:9465']);
  });

  it('moves the targets of an instance on other ports and anchors rule_files to the shared dir', async () => {
    const config = createInfraConfig({ env: {}, overrides: { PROMETHEUS_PORT: 19090, METRICS_SIDECAR_PORT: 19465 } });
    const text = await nativePrometheusConfig(shared, config);
    expect(targetsOf(text)).toEqual(['127.0.0.1:19090', '127.0.0.1:19465']);
    const ruleFiles = (parse(text) as { rule_files?: string[] }).rule_files ?? [];
    for (const pattern of ruleFiles) {
      expect(isAbsolute(pattern)).toBe(true);
      expect(pattern.startsWith(join(REPO_ROOT, 'local-infra', 'prometheus'))).toBe(true);
    }
  });
});
