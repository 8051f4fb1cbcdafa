/**
 * Per-fault figures and verdicts of the gray scenario. Each fault owns the slot from the moment
 * its toxic went on to the start of the next fault; what happened in that slot is charged to it:
 * acknowledged posts sent then that were lost or duplicated (from the chaos checker's per-post
 * findings), replies past their deadline and degraded reads (k6's per-second recording), retries
 * as a share of dependency calls (sidecar counters, against what the retry budget allows),
 * breaker transitions and the time back to green.
 */
import type { K6Recording } from '../report/k6-record.ts';
import type { CheckResult, GrayFaultRow } from '../report/report-model.ts';
import { breakerTransitions, counterDelta, type DependencySnapshot } from '../runner/dependency-metrics.ts';
import type { GrayFaultWindow } from '../runner/gray-run.ts';
import type { Ack, PostProblem } from './chaos-checker.ts';

/** Inputs of {@link grayFaultRows}. */
export interface GrayCheckInput {
  readonly windows: readonly GrayFaultWindow[];
  readonly acks: readonly Ack[];
  readonly problems: ReadonlyMap<string, PostProblem>;
  readonly recording: K6Recording;
  readonly snapshots: readonly DependencySnapshot[];
  /** Processes holding a retry budget per dependency (function instances). */
  readonly processes: number;
  readonly greenTargetMs: number;
}

/** The retry budget's defaults (shared/reliability/retry-budget.ts): capacity 500, 5 per retry, 1 back per first-attempt success. */
const BUDGET = { capacity: 500, retryCost: 5, successDeposit: 1 };
const STATE = ['closed', 'half-open', 'open'];

/** Sum of a counter's per-period counts over (from, to]. */
export function windowCount(recording: K6Recording, metric: string, from: number, to: number): number {
  return recording.points
    .filter((point) => point.t > from && point.t <= to)
    .reduce((sum, point) => sum + (point.metrics[metric]?.['count'] ?? 0), 0);
}

/** Most retries the budget lets `processes` make over `calls` calls: the full buckets plus what successes paid back. */
export function retryBudgetBound(calls: number, processes: number): number {
  return (processes * BUDGET.capacity) / BUDGET.retryCost + (calls * BUDGET.successDeposit) / BUDGET.retryCost;
}

const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;

function retryFigures(window: GrayFaultWindow, processes: number): { text: string; within: boolean } {
  if (!window.before || !window.after) return { text: 'no sidecar data', within: false };
  const calls = counterDelta(window.before.calls, window.after.calls);
  const retries = counterDelta(window.before.retries, window.after.retries);
  const exhausted = counterDelta(window.before.budgetExhausted, window.after.budgetExhausted);
  let within = true;
  const parts = Object.entries(calls)
    .filter(([, count]) => count > 0)
    .sort()
    .map(([dependency, count]) => {
      const retried = retries[dependency] ?? 0;
      const bound = retryBudgetBound(count, processes);
      if (retried > bound) within = false;
      const refused = exhausted[dependency] ? `, ${exhausted[dependency]} refused by the budget` : '';
      return `${dependency} ${pct(retried / count)} (${retried}/${count}${refused})`;
    });
  return { text: parts.join('; ') || 'no calls', within };
}

function latencyText(window: GrayFaultWindow, snapshots: readonly DependencySnapshot[]): string {
  if (!window.before || !window.atRemoval) return 'no sidecar data';
  // Baseline: the 10 s before the fault (sidecar lag included), when there is one.
  const baseline = snapshots.filter((snapshot) => snapshot.at <= window.appliedAt - 10_000).at(-1);
  const mean = (from: DependencySnapshot, to: DependencySnapshot, dependency: string): number | undefined => {
    const calls = (to.calls[dependency] ?? 0) - (from.calls[dependency] ?? 0);
    return calls > 0 ? (((to.callSeconds[dependency] ?? 0) - (from.callSeconds[dependency] ?? 0)) / calls) * 1000 : undefined;
  };
  const ms = (value: number | undefined): string => (value === undefined ? '-' : value >= 100 ? value.toFixed(0) : value.toFixed(1));
  const dependencies = Object.keys(window.atRemoval.calls).sort();
  return dependencies
    .map(
      (dependency) =>
        `${dependency} ${baseline ? `${ms(mean(baseline, window.before as DependencySnapshot, dependency))} -> ` : ''}${ms(mean(window.before as DependencySnapshot, window.atRemoval as DependencySnapshot, dependency))}`,
    )
    .join('; ');
}

function breakerText(window: GrayFaultWindow, snapshots: readonly DependencySnapshot[]): string {
  const inSlot = snapshots.filter((snapshot) => snapshot.at >= window.appliedAt - 1000 && snapshot.at <= window.slotEndAt);
  const changes = breakerTransitions(inSlot).map(
    (change) => `${change.dependency} ${STATE[change.to] ?? change.to} +${((change.at - window.appliedAt) / 1000).toFixed(1)} s`,
  );
  const stillOpen = Object.entries(inSlot.at(-1)?.breaker ?? {})
    .filter(([, state]) => state > 0)
    .map(([dependency, state]) => `${dependency} still ${STATE[state] ?? state} at slot end`);
  return [...changes, ...stillOpen].join('; ') || 'all closed';
}

function slowClientText(window: GrayFaultWindow): string {
  if (!window.slowClients) return '';
  const byStatus = new Map<number, number>();
  for (const result of window.slowClients) byStatus.set(result.status, (byStatus.get(result.status) ?? 0) + 1);
  const slowest = Math.max(0, ...window.slowClients.map((result) => result.ms));
  return `${[...byStatus].map(([status, count]) => `${count} x ${status || 'no reply'}`).join(', ')}; slowest ${(slowest / 1000).toFixed(1)} s`;
}

/** One row per fault. */
export function grayFaultRows(input: GrayCheckInput): GrayFaultRow[] {
  return input.windows.map((window) => {
    const acks = input.acks.filter((ack) => ack.sentAt >= window.appliedAt && ack.sentAt < window.slotEndAt);
    const problemsOf = (kinds: readonly PostProblem[]): number =>
      acks.filter((ack) => kinds.includes(input.problems.get(ack.postId) as PostProblem)).length;
    const count = (metric: string): number => windowCount(input.recording, metric, window.appliedAt, window.slotEndAt);
    const reads = count('timeline_reads');
    const retries = retryFigures(window, input.processes);
    return {
      fault: window.fault.name,
      hypothesis: window.fault.hypothesis,
      appliedAt: window.appliedAt,
      removedAt: window.removedAt,
      acknowledged: acks.length,
      lost: problemsOf(['missing-from-posts', 'missing-from-timeline']),
      duplicates: problemsOf(['duplicate-in-timeline']),
      requests: count('http_reqs'),
      pastDeadline: count('outlived_deadline'),
      degradedShare: reads > 0 ? count('degraded_responses') / reads : 0,
      retries: retries.text,
      retriesWithinBudget: retries.within,
      callLatency: latencyText(window, input.snapshots),
      breakers: breakerText(window, input.snapshots),
      greenMs: window.greenMs,
      notGreenReason: window.error ? `not applied: ${window.error}` : window.notGreenReason,
      slowClients: slowClientText(window),
    };
  });
}

/** Verdicts per fault: nothing lost or duplicated, no reply past its deadline, retries within budget, green in time. */
export function grayChecks(rows: readonly GrayFaultRow[], greenTargetMs: number): CheckResult[] {
  return rows.flatMap((row) => [
    {
      name: `${row.fault}: acknowledged posts lost / duplicated`,
      passed: row.acknowledged > 0 && row.lost === 0 && row.duplicates === 0,
      detail: `${row.acknowledged} acknowledged in the slot, ${row.lost} lost, ${row.duplicates} duplicated${row.acknowledged === 0 ? ' (nothing acknowledged: nothing verified)' : ''}`,
    },
    {
      name: `${row.fault}: replies past their deadline`,
      passed: row.pastDeadline === 0,
      detail: `${row.pastDeadline} of ${row.requests} requests`,
    },
    { name: `${row.fault}: retries within the retry budget`, passed: row.retriesWithinBudget, detail: row.retries },
    {
      name: `${row.fault}: back to green <= ${greenTargetMs / 1000} s`,
      passed: row.greenMs !== undefined && row.greenMs <= greenTargetMs,
      detail: row.greenMs === undefined ? `not green (${row.notGreenReason})` : `${(row.greenMs / 1000).toFixed(1)} s`,
    },
  ]);
}
