/** How skewed a follower distribution is: the numbers the seed prints and the tests check. */
export interface DegreeStats {
  readonly users: number;
  readonly edges: number;
  readonly mean: number;
  readonly median: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  /** Share of all follows that point at the most-followed 1% of users. */
  readonly top1PercentShare: number;
  /** Users with more followers than each threshold (candidates for a celebrity threshold). */
  readonly usersAbove: Readonly<Record<number, number>>;
}

const THRESHOLDS = [100, 1000, 10_000, 100_000] as const;

/** Summarises per-user follower counts. */
export function degreeStats(followerCounts: ArrayLike<number>): DegreeStats {
  const sorted = Float64Array.from(followerCounts).sort();
  const n = sorted.length;
  const edges = sorted.reduce((sum, count) => sum + count, 0);
  const at = (q: number): number => sorted[Math.min(n - 1, Math.floor(q * n))] ?? 0;
  const top = Math.max(1, Math.floor(n / 100));
  let topSum = 0;
  for (let i = n - top; i < n; i += 1) topSum += sorted[i] ?? 0;
  const usersAbove: Record<number, number> = {};
  for (const threshold of THRESHOLDS) usersAbove[threshold] = sorted.filter((count) => count > threshold).length;
  return {
    users: n,
    edges,
    mean: n === 0 ? 0 : edges / n,
    median: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted[n - 1] ?? 0,
    top1PercentShare: edges === 0 ? 0 : topSum / edges,
    usersAbove,
  };
}

/** One line for logs: `mean 74.9, median 16, p99 1412, max 9998, top 1% hold 37.2% of follows`. */
export function formatDegreeStats(stats: DegreeStats): string {
  const above = Object.entries(stats.usersAbove)
    .filter(([threshold]) => Number(threshold) < stats.users)
    .map(([threshold, count]) => `>${threshold}: ${count}`)
    .join(', ');
  return (
    `followers per user: mean ${stats.mean.toFixed(1)}, median ${stats.median}, p90 ${stats.p90}, p99 ${stats.p99}, ` +
    `max ${stats.max}; top 1% hold ${(stats.top1PercentShare * 100).toFixed(1)}% of ${stats.edges} follows; users ${above}`
  );
}
