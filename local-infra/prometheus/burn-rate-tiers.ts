/**
 * Multiwindow, multi-burn-rate alerting (Google SRE workbook, "Alerting on SLOs", table 5-8)
 * for a 30-day budget: an alert fires when BOTH windows burn faster than `factor` times the
 * sustainable rate. The long window gives significance, the short one makes the alert stop soon
 * after the burning stops.
 */
export const BURN_RATE_TIERS = [
  // 2% of the 30-day budget in 1 hour.
  { alert: 'ErrorBudgetBurnFast', factor: 14.4, long: '1h', short: '5m', severity: 'page' },
  // 5% of the budget in 6 hours.
  { alert: 'ErrorBudgetBurnMedium', factor: 6, long: '6h', short: '30m', severity: 'page' },
  // 10% of the budget in 3 days.
  { alert: 'ErrorBudgetBurnSlow', factor: 1, long: '3d', short: '6h', severity: 'ticket' },
] as const;

export type BurnRateTier = (typeof BURN_RATE_TIERS)[number];

/** Every window an SLI ratio is recorded over. */
export const SLI_WINDOWS = ['5m', '30m', '1h', '6h', '3d'] as const;

export type SloKind = 'availability' | 'latency';

/** Name of the recorded SLO target (labels `function`, `slo`), e.g. 0.999. */
export const SLO_OBJECTIVE_RECORD = 'slo:objective:ratio';

/** Name of the recorded SLI error ratio (labels `function`, `slo`). */
export function sliErrorRatioRecord(window: string): string {
  return `slo:sli_error:ratio_rate${window}`;
}

/** Where each SLO alert's runbook lives (repo-relative, with the section for the SLO kind). */
export function sloRunbook(kind: SloKind): string {
  return `docs/runbooks/slo-burn.md#${kind}`;
}
