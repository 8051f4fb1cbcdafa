import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALL_METRICS } from '#shared/observability/metric-catalogue.ts';
import { SidecarMetrics } from '../metrics-sidecar/sidecar-metrics.ts';
import { DASHBOARD_DIR, renderDashboard } from './build-dashboards.ts';
import { DASHBOARDS } from './dashboard-definitions.ts';
import { seriesReferences } from './promql-references.ts';

const RULES_DIR = join(DASHBOARD_DIR, '..', '..', 'prometheus', 'rules');

/** metric name -> label names it may be selected by; `undefined` = any (recording rules, built-ins). */
async function knownSeries(): Promise<Map<string, readonly string[] | undefined>> {
  const known = new Map<string, readonly string[] | undefined>();
  for (const m of ALL_METRICS) {
    if (m.type === 'histogram') {
      known.set(`${m.name}_bucket`, [...m.labelNames, 'le']);
      known.set(`${m.name}_sum`, m.labelNames);
      known.set(`${m.name}_count`, m.labelNames);
    } else {
      known.set(m.name, m.labelNames);
    }
  }
  for (const file of readdirSync(RULES_DIR).filter((f) => f.endsWith('.rules.yml'))) {
    const { groups } = parse(readFileSync(join(RULES_DIR, file), 'utf8')) as { groups: { rules: { record?: string }[] }[] };
    for (const rule of groups.flatMap((g) => g.rules)) if (rule.record) known.set(rule.record, undefined);
  }
  const sidecar = new SidecarMetrics(() => ({ instances: {}, series: 0, retiredSeries: 0 }));
  for (const m of await sidecar.registry.getMetricsAsJSON()) known.set(m.name, undefined);
  known.set('up', ['job', 'instance']);
  known.set('ALERTS', undefined);
  return known;
}

function queries(definition: Record<string, unknown>): string[] {
  const panels = definition.panels as { targets?: { expr: string }[] }[];
  const variables = (definition.templating as { list: { definition?: string }[] }).list;
  return [
    ...panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
    ...variables.map((v) => /^label_values\((\w+),/.exec(v.definition ?? '')?.[1] ?? ''),
  ];
}

describe('Grafana dashboards', () => {
  it('are committed exactly as generated (npm run grafana:dashboards)', () => {
    const files = readdirSync(DASHBOARD_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(files).toEqual(Object.keys(DASHBOARDS).sort());
    for (const [file, definition] of Object.entries(DASHBOARDS)) {
      expect(readFileSync(join(DASHBOARD_DIR, file), 'utf8'), file).toBe(renderDashboard(definition));
    }
  });

  it('cover RED, dependencies, breakers, shedding, rate limiting and SLO burn', () => {
    const all = Object.values(DASHBOARDS).flatMap(queries).join('\n');
    for (const needle of [
      'function:http_requests:rate5m',
      'http_request_errors:ratio',
      'p99_5m',
      'dependency_call_errors',
      'circuit_breaker_state',
      'load_shed',
      'rate_limited',
      'slo:sli_error',
    ]) {
      expect(all).toContain(needle);
    }
  });

  it.each(Object.keys(DASHBOARDS))('%s only queries metrics from the catalogue or the rules, with declared labels', async (file) => {
    const known = await knownSeries();
    const definition = DASHBOARDS[file] ?? {};
    const exprs = queries(definition);
    expect(exprs.length).toBeGreaterThan(3);
    for (const expr of exprs) {
      const refs = seriesReferences(expr);
      expect(refs.length, expr).toBeGreaterThan(0);
      for (const ref of refs) {
        expect(known.has(ref.metric), `${file}: unknown series ${ref.metric} in ${expr}`).toBe(true);
        const allowed = known.get(ref.metric);
        if (allowed) for (const label of ref.labels) expect(allowed, `${file}: ${ref.metric} has no label ${label}`).toContain(label);
      }
    }
  });

  it('use the provisioned Prometheus data source', () => {
    const ds = parse(readFileSync(join(DASHBOARD_DIR, '..', 'provisioning', 'datasources', 'prometheus.yml'), 'utf8')) as {
      datasources: { uid: string }[];
    };
    const uid = ds.datasources[0]?.uid;
    for (const definition of Object.values(DASHBOARDS)) {
      for (const panel of definition.panels as { datasource?: { uid: string } }[])
        if (panel.datasource) expect(panel.datasource.uid).toBe(uid);
    }
  });
});
