/**
 * The charts of the fan-out strategy report (`npm run bench:fanout`): the same seeded graph and
 * the same posts under write / read / hybrid, one group of bars per strategy. With several
 * rounds a bar is the median of the rounds and its whisker spans their min..max.
 */
import type { Bar, BarChartOptions } from '../../report/charts.ts';
import type { RoundResult } from './strategy-round.ts';

/** A chart to render, with the file name it gets. */
export interface StrategyChartPlan {
  readonly file: string;
  readonly options: BarChartOptions;
}

type Pick = (result: RoundResult) => number;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}

/** One bar per (strategy, series), strategies in the order they ran. */
export function strategyBars(results: readonly RoundResult[], series: Readonly<Record<string, Pick>>): Bar[] {
  const strategies = [...new Set(results.map((result) => result.strategy))];
  return strategies.flatMap((strategy) => {
    const rounds = results.filter((result) => result.strategy === strategy);
    return Object.entries(series).map(([name, pick]) => {
      const values = rounds.map(pick);
      const bar: Bar = { group: strategy, series: name, value: Math.round(median(values) * 10) / 10 };
      return rounds.length > 1 ? { ...bar, low: Math.min(...values), high: Math.max(...values) } : bar;
    });
  });
}

/** Plans the five charts: fan-out work, post-to-timeline latency, read throughput and latency, storage. */
export function planStrategyCharts(results: readonly RoundResult[]): StrategyChartPlan[] {
  const rounds = new Set(results.map((result) => result.strategy)).size === results.length ? '' : ' (median of rounds, whisker min..max)';
  const chart = (file: string, title: string, yTitle: string, series: Readonly<Record<string, Pick>>): StrategyChartPlan => ({
    file,
    options: { title: `${title}${rounds}`, yTitle, xTitle: 'fan-out strategy', bars: strategyBars(results, series) },
  });
  return [
    chart('fanout-work.png', 'Fan-out work per post (on write)', 'per post', {
      'timeline writes': (r) => r.timelineWritesPerPost,
      'follower rows read': (r) => r.followersReadPerPost,
    }),
    chart('post-to-timeline.png', 'Post -> visible in a follower timeline', 'ms', {
      p50: (r) => r.postToTimelineMs.p50,
      p99: (r) => r.postToTimelineMs.p99,
    }),
    chart('read-throughput.png', 'Timeline read throughput (on read)', 'reads / s', { 'reads/s': (r) => r.readsPerSecond }),
    chart('read-latency.png', 'Timeline read latency', 'ms', {
      p50: (r) => r.readMs.p50,
      p99: (r) => r.readMs.p99,
    }),
    chart('entries-stored.png', 'Entries stored in Redis (timelines + author feeds)', 'sorted-set entries', {
      entries: (r) => r.storedEntries,
    }),
  ];
}
