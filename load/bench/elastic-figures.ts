/**
 * Figures of the elastic benchmark from what it recorded: the platform's log events (instance
 * starting, ready with its cold start, draining, stopped) and the instance counts sampled over
 * time. Pure, so the arithmetic is unit-tested.
 */

/** Instances by state at one moment, ms since the run began. */
export interface InstanceSample {
  readonly at: number;
  readonly starting: number;
  readonly ready: number;
  readonly draining: number;
}

/** A platform log event (one JSON line of the platform logger). */
export interface PlatformEvent {
  readonly msg: string;
  readonly at: number;
  readonly coldStartMs?: number;
}

/** The nearest-rank quantile of `values` (NaN when empty). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/** Milliseconds from `from` to the first sample at or after it with `ready >= count` (NaN if never). */
export function timeToReady(samples: readonly InstanceSample[], from: number, count: number): number {
  const hit = samples.find((sample) => sample.at >= from && sample.ready >= count);
  return hit ? hit.at - from : Number.NaN;
}

/** Milliseconds from `from` to the first sample at or after it with no instance at all (NaN if never). */
export function timeToZero(samples: readonly InstanceSample[], from: number): number {
  const hit = samples.find((sample) => sample.at >= from && sample.starting + sample.ready + sample.draining === 0);
  return hit ? hit.at - from : Number.NaN;
}

/** Most instances (any state but draining) seen at once. */
export function peakInstances(samples: readonly InstanceSample[]): number {
  return samples.reduce((peak, sample) => Math.max(peak, sample.starting + sample.ready), 0);
}

/** Cold starts (launch to ready) of the instances that became ready, ms. */
export function coldStarts(events: readonly PlatformEvent[]): number[] {
  return events.filter((event) => event.msg === 'instance-ready' && event.coldStartMs !== undefined).map((event) => event.coldStartMs ?? 0);
}
