/**
 * Generates `rules/slo.rules.yml` from `slos.yml`: SLI error ratios per function over every
 * window, and the multiwindow multi-burn-rate alerts. Run `npm run slo:rules` after editing
 * the SLO file; `rules.test.ts` fails when the committed rules differ from what this produces.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { BURN_RATE_TIERS, SLI_WINDOWS, SLO_OBJECTIVE_RECORD, sliErrorRatioRecord, sloRunbook } from './burn-rate-tiers.ts';
import type { SloKind } from './burn-rate-tiers.ts';
import { loadSlos } from './slo-config.ts';
import type { FunctionSlo, SloConfig } from './slo-config.ts';

/** Where the generated rules go. */
export const SLO_RULES_FILE = join(dirname(fileURLToPath(import.meta.url)), 'rules', 'slo.rules.yml');

const HEADER = `# GENERATED from local-infra/prometheus/slos.yml by generate-slo-rules.ts: do not edit.
# Run \`npm run slo:rules\` after changing an SLO. See docs/observability.md.
`;

/** The PromQL of a function's SLI error ratio over one window. */
export function sliErrorExpr(slo: FunctionSlo, kind: SloKind, window: string): string {
  const f = `function="${slo.function}"`;
  if (kind === 'availability') {
    // `or vector(0)`: a function that never answered 5xx has a ratio of 0, not no data; with no
    // traffic at all the division stays empty, so an idle function neither burns nor alerts.
    return `(sum(rate(http_requests_total{${f},status_class="5xx"}[${window}])) or vector(0)) / sum(rate(http_requests_total{${f}}[${window}]))`;
  }
  // le is rendered by prom-client as the plain number (0.25, 1, 2.5).
  const le = String(slo.latency.thresholdSeconds);
  return `1 - sum(rate(http_request_duration_seconds_bucket{${f},le="${le}"}[${window}])) / sum(rate(http_request_duration_seconds_count{${f}}[${window}]))`;
}

function objective(slo: FunctionSlo, kind: SloKind): number {
  return kind === 'availability' ? slo.availability : slo.latency.objective;
}

/** Error budget as a ratio, rounded to dodge float noise such as 1 - 0.999 = 0.0010000000000000009. */
function budget(slo: FunctionSlo, kind: SloKind): number {
  return Number((1 - objective(slo, kind)).toPrecision(12));
}

function percent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(10))}%`;
}

function describe(slo: FunctionSlo, kind: SloKind): string {
  return kind === 'availability'
    ? `${percent(objective(slo, kind))} of ${slo.function} requests not answered 5xx`
    : `${percent(objective(slo, kind))} of ${slo.function} requests within ${slo.latency.thresholdSeconds}s`;
}

/** The rule groups (Prometheus rule file structure) for an SLO config. */
export function sloRuleGroups(config: SloConfig): { groups: unknown[] } {
  const kinds: SloKind[] = ['availability', 'latency'];
  const groups: unknown[] = [];
  for (const slo of config.functions) {
    const labels = (kind: SloKind) => ({ function: slo.function, slo: kind });
    groups.push({
      name: `slo-sli-${slo.function}`,
      // Ratios over days are heavy: every 30s is plenty for windows of 5m and longer.
      interval: '30s',
      rules: kinds.flatMap((kind) => [
        // The target as a series, so dashboards can divide by the budget: burn = ratio / (1 - objective).
        { record: SLO_OBJECTIVE_RECORD, expr: `vector(${objective(slo, kind)})`, labels: labels(kind) },
        ...SLI_WINDOWS.map((w) => ({ record: sliErrorRatioRecord(w), expr: sliErrorExpr(slo, kind, w), labels: labels(kind) })),
      ]),
    });
    groups.push({
      name: `slo-alerts-${slo.function}`,
      rules: kinds.flatMap((kind) =>
        BURN_RATE_TIERS.map((tier) => {
          const threshold = `${tier.factor} * ${budget(slo, kind)}`;
          const sel = `{function="${slo.function}",slo="${kind}"}`;
          return {
            alert: tier.alert,
            expr: `${sliErrorRatioRecord(tier.long)}${sel} > (${threshold}) and ${sliErrorRatioRecord(tier.short)}${sel} > (${threshold})`,
            labels: {
              ...labels(kind),
              severity: tier.severity,
              burn_rate: String(tier.factor),
              long_window: tier.long,
              short_window: tier.short,
            },
            annotations: {
              summary: `${slo.function}: ${kind} error budget burning at over ${tier.factor}x`,
              // Static text (no $value) so promtool unit tests can state it exactly.
              description: `SLO "${describe(slo, kind)}" over ${config.period}: the error ratio over ${tier.long} and ${tier.short} exceeds ${tier.factor}x the error budget of ${budget(slo, kind)}.`,
              runbook_url: sloRunbook(kind),
            },
          };
        }),
      ),
    });
  }
  return { groups };
}

/** The full text of `rules/slo.rules.yml`. */
export function renderSloRules(config: SloConfig): string {
  return HEADER + stringify(sloRuleGroups(config), { lineWidth: 0 });
}

if (import.meta.main) {
  writeFileSync(SLO_RULES_FILE, renderSloRules(loadSlos()));
  console.log(`wrote ${SLO_RULES_FILE}`);
}
