import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LATENCY_BUCKETS_SECONDS } from '#shared/observability/metric-catalogue.ts';
import { renderSloRules, SLO_RULES_FILE } from './generate-slo-rules.ts';
import { loadSlos } from './slo-config.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const rulesDir = join(here, 'rules');
const ruleFiles = readdirSync(rulesDir)
  .filter((f) => f.endsWith('.rules.yml'))
  .map((f) => join(rulesDir, f));
const testFiles = readdirSync(join(rulesDir, 'tests'))
  .filter((f) => f.endsWith('.test.yml'))
  .map((f) => join(rulesDir, 'tests', f));

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  annotations?: Record<string, string>;
}

/** promtool ships with Debian's prometheus package (installed by `npm run infra:up`). */
function promtool(...args: string[]): string {
  try {
    return execFileSync('promtool', args, { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`, { cause: error });
  }
}

function rules(): Rule[] {
  return ruleFiles.flatMap((f) => (parse(readFileSync(f, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules));
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to dashes. */
function anchors(markdown: string): Set<string> {
  const headings = markdown.split('\n').filter((l) => /^#{1,6} /.test(l));
  return new Set(
    headings.map((h) =>
      h
        .replace(/^#+ /, '')
        .trim()
        .toLowerCase()
        .replace(/[^\w\- ]/g, '')
        .replace(/ /g, '-'),
    ),
  );
}

describe('Prometheus rules', () => {
  it('pass promtool check rules', () => {
    expect(ruleFiles.length).toBeGreaterThanOrEqual(3);
    expect(promtool('check', 'rules', ...ruleFiles)).toContain('SUCCESS');
  });

  it('pass their promtool unit tests (alerts fire and stay quiet on input series)', () => {
    expect(testFiles.length).toBeGreaterThanOrEqual(2);
    expect(promtool('test', 'rules', ...testFiles)).toContain('SUCCESS');
  }, 60_000);

  it('are all loaded by prometheus.yml', () => {
    const config = parse(readFileSync(join(here, 'prometheus.yml'), 'utf8')) as { rule_files: string[] };
    expect(config.rule_files).toEqual(['rules/*.rules.yml']);
    expect(promtool('check', 'config', join(here, 'prometheus.yml'))).toContain(`SUCCESS: ${ruleFiles.length} rule files found`);
  });

  it('match slos.yml: slo.rules.yml is exactly what the generator makes of it', () => {
    expect(readFileSync(SLO_RULES_FILE, 'utf8'), 'run `npm run slo:rules`').toBe(renderSloRules(loadSlos()));
  });

  it('have one availability and one latency SLO per function, thresholds on histogram bucket bounds', () => {
    const slos = loadSlos();
    expect(slos.functions.map((s) => s.function).sort()).toEqual(['docs', 'media', 'posts', 'timeline', 'users']);
    for (const slo of slos.functions) expect(LATENCY_BUCKETS_SECONDS, slo.function).toContain(slo.latency.thresholdSeconds);
    const alerts = rules().filter((r) => r.alert?.startsWith('ErrorBudgetBurn'));
    expect(alerts).toHaveLength(slos.functions.length * 2 * 3);
    const objectives = rules().filter((r) => r.record === 'slo:objective:ratio');
    expect(objectives.map((r) => r.expr)).toContain('vector(0.999)');
    expect(objectives).toHaveLength(slos.functions.length * 2);
  });

  it('give every alert a runbook that exists, down to the section', () => {
    const alerts = rules().filter((r) => r.alert);
    expect(alerts.length).toBeGreaterThan(30);
    for (const alert of alerts) {
      const url = alert.annotations?.runbook_url ?? '';
      const [file = '', anchor] = url.split('#');
      expect(existsSync(join(repoRoot, file)), `${alert.alert}: ${url}`).toBe(true);
      if (anchor) expect(anchors(readFileSync(join(repoRoot, file), 'utf8')), `${alert.alert}: ${url}`).toContain(anchor);
    }
  });
});
