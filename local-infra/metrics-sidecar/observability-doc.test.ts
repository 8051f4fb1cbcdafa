import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALL_METRICS } from '#shared/observability/metric-catalogue.ts';
import { REPO_ROOT } from '#local-infra/services/config.ts';
import { loadSlos } from '#local-infra/prometheus/slo-config.ts';
import { REFUSAL_REASONS } from './sidecar-metrics.ts';

const doc = readFileSync(join(REPO_ROOT, 'docs', 'observability.md'), 'utf8');
const rulesDir = join(REPO_ROOT, 'local-infra', 'prometheus', 'rules');

describe('docs/observability.md', () => {
  it('lists every catalogue metric with its labels', () => {
    for (const m of ALL_METRICS) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${m.name}\``));
      expect(row, m.name).toBeDefined();
      expect(row).toContain(`| ${m.type} |`);
      expect(row).toContain(`| ${m.labelNames.join(', ')} |`);
      expect(row).toContain(`| ${m.aggregator} |`);
    }
  });

  it('names every alert, every refusal reason and every SLO target', () => {
    const alerts = readdirSync(rulesDir)
      .filter((f) => f.endsWith('.rules.yml'))
      .flatMap((f) => (parse(readFileSync(join(rulesDir, f), 'utf8')) as { groups: { rules: { alert?: string }[] }[] }).groups)
      .flatMap((g) => g.rules.map((r) => r.alert))
      .filter((a): a is string => a !== undefined);
    for (const alert of new Set(alerts)) expect(doc, alert).toContain(`\`${alert}\``);
    for (const reason of REFUSAL_REASONS) expect(doc, reason).toContain(reason);
    for (const slo of loadSlos().functions) {
      const row = doc.split('\n').find((l) => l.startsWith(`| ${slo.function} |`));
      expect(row, slo.function).toContain(`| ${Number((slo.availability * 100).toFixed(3))}% |`);
      expect(row).toContain(`${Number((slo.latency.objective * 100).toFixed(3))}% within ${slo.latency.thresholdSeconds} s`);
    }
  });
});
