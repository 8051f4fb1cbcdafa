/** What one `npm run load` invocation hands to the report. */
import type { ChaosEvent } from '../runner/chaos.ts';
import type { SystemSample } from '../runner/samplers.ts';
import type { InstanceEvent } from '../runner/system-under-test.ts';
import type { K6Recording } from './k6-record.ts';

/** k6's `--summary-export` file: per metric its aggregates and thresholds (`true` = crossed). */
export interface K6Summary {
  readonly metrics: Record<string, Record<string, number | Record<string, boolean>> & { thresholds?: Record<string, boolean> }>;
}

/** One k6 run inside the report (overload has two: shedding on and off). */
export interface RunSection {
  readonly label: string;
  readonly thresholdsPassed: boolean;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly recording: K6Recording;
  readonly summary: K6Summary;
  readonly samples: readonly SystemSample[];
  readonly chaos?: readonly ChaosEvent[];
  /** Gray scenario: one row per fault. */
  readonly gray?: readonly GrayFaultRow[];
  readonly instanceEvents: readonly InstanceEvent[];
  /** 5xx responses k6 logged, grouped (`count x op status body`). */
  readonly serverErrors?: readonly string[];
  /** Settings of this run (rate, capacity, shedding...). */
  readonly settings: Readonly<Record<string, string | number>>;
}

/** A verdict computed by the runner (soak growth, chaos checker...). */
export interface CheckResult {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

/** Everything the report shows. */
export interface ReportModel {
  readonly scenario: string;
  readonly createdAt: number;
  readonly command: string;
  readonly machine: Readonly<Record<string, string>>;
  /** Parts of the request mix that ran, and the ones switched off (with why). */
  readonly mix: { readonly weights: Readonly<Record<string, number>>; readonly disabled: readonly string[] };
  readonly runs: readonly RunSection[];
  readonly checks: readonly CheckResult[];
  readonly notes: readonly string[];
}

/** One row of the report's gray-fault table. */
export interface GrayFaultRow {
  readonly fault: string;
  readonly hypothesis: string;
  /** When the fault went on and was removed (epoch ms): the shaded bands of the charts. */
  readonly appliedAt: number;
  readonly removedAt: number;
  readonly acknowledged: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly requests: number;
  readonly pastDeadline: number;
  /** Degraded timeline reads / answered timeline reads, 0..1. */
  readonly degradedShare: number;
  /** Per dependency with calls in the slot: `redis 3.1% (12/388, budget allows <= 41%)`. */
  readonly retries: string;
  readonly retriesWithinBudget: boolean;
  /** Mean call latency per dependency while the fault was on, ms: `redis 1.6 -> 512` (before -> during). */
  readonly callLatency: string;
  /** `redis open +2.1 s; redis closed +21.0 s` (relative to the fault going on). */
  readonly breakers: string;
  readonly greenMs: number | undefined;
  readonly notGreenReason: string;
  readonly slowClients: string;
}
