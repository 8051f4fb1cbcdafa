import { seriesKey } from './metric-model.ts';
import type { SeriesValue } from './metric-model.ts';

/** A series as the sidecar tracks it for one instance. */
export interface TrackedSeries extends SeriesValue {
  key: string;
  family: string;
  /** Reset group: a counter series, or a histogram's buckets + sum + count for one label set. */
  group: string;
  /** Summed across instances and never decreasing within one process (see `isMonotonicSum`). */
  monotonic: boolean;
  /** Whether a drop of this value means a reset (false for a histogram's `_sum`). */
  detectsReset: boolean;
  /** What this series had already counted when the sidecar started counting it for this process. */
  baseline: number;
}

export interface MergeOptions {
  /** The instance was retired by TTL and came back: its counts so far were already folded. */
  returning: boolean;
}

export interface MergeResult {
  series: Map<string, TrackedSeries>;
  /** Previous series whose counts must move into the retired totals. */
  folded: TrackedSeries[];
  /** Groups found reset (a value went down or the group vanished). */
  resets: number;
}

/**
 * Merges an instance's new snapshot into its previous one, group by group. A group whose
 * monotonic values went down, or that disappeared, was reset in the instance (restart of a
 * metric, `reset()`, `remove()`): its previous counts are folded and the new values count from
 * zero. Otherwise the new values keep their baseline, so nothing is counted twice.
 */
export function mergeInstanceSeries(
  previous: ReadonlyMap<string, TrackedSeries> | undefined,
  incoming: Map<string, TrackedSeries>,
  options: MergeOptions,
): MergeResult {
  const folded: TrackedSeries[] = [];
  let resets = 0;
  const oldGroups = byGroup(previous?.values() ?? []);
  const newGroups = byGroup(incoming.values());

  for (const [group, oldSeries] of oldGroups) {
    const newSeries = newGroups.get(group);
    const keyed = (s: TrackedSeries) => incoming.get(keyOf(s));
    const reset =
      newSeries === undefined ||
      oldSeries.some((o) => {
        const n = keyed(o);
        return o.monotonic && (n === undefined || (o.detectsReset && n.value < o.value));
      });
    if (reset) {
      folded.push(...oldSeries);
      if (oldSeries.some((o) => o.monotonic)) resets++;
      continue;
    }
    const oldByKey = new Map(oldSeries.map((o) => [keyOf(o), o]));
    for (const n of newSeries) n.baseline = oldByKey.get(keyOf(n))?.baseline ?? 0;
  }
  for (const [group, newSeries] of newGroups) {
    if (oldGroups.has(group)) continue;
    // A returning instance's counts up to now were folded when it was retired: count from here on.
    for (const n of newSeries) n.baseline = options.returning && n.monotonic ? n.value : 0;
  }
  return { series: incoming, folded, resets };
}

function keyOf(s: SeriesValue): string {
  return s.key ?? seriesKey(s.metricName, s.labels);
}

function byGroup(series: Iterable<TrackedSeries>): Map<string, TrackedSeries[]> {
  const groups = new Map<string, TrackedSeries[]>();
  for (const s of series) {
    const list = groups.get(s.group);
    if (list) list.push(s);
    else groups.set(s.group, [s]);
  }
  return groups;
}
