import { describe, expect, it } from 'vitest';
import type { FanoutStrategy } from '#functions/timeline/timeline-settings.ts';
import { summarise } from './latency-summary.ts';
import { planStrategyCharts, strategyBars } from './strategy-charts.ts';
import type { RoundResult } from './strategy-round.ts';

function result(strategy: FanoutStrategy, writes: number, readsPerSecond: number): RoundResult {
  return {
    strategy,
    posts: 10,
    celebrityPosts: 1,
    postToTimelineMs: summarise([10, 20, 30]),
    notVisibleIn10s: 0,
    postErrors: 0,
    timelineWritesPerPost: writes,
    followersReadPerPost: writes,
    fanOutHandlerMsPerPost: 1,
    readsPerSecond,
    readMs: summarise([1, 2, 3]),
    readErrors: 0,
    storedEntries: writes * 10,
  };
}

describe('strategyBars', () => {
  it('gives one bar per strategy and series, strategies in run order, without whiskers for one round', () => {
    const bars = strategyBars([result('write', 200, 700), result('read', 0, 400)], { 'reads/s': (r) => r.readsPerSecond });
    expect(bars).toEqual([
      { group: 'write', series: 'reads/s', value: 700 },
      { group: 'read', series: 'reads/s', value: 400 },
    ]);
  });

  it('takes the median of repeated rounds and spans their min..max', () => {
    const rounds = [result('write', 200, 900), result('write', 210, 600), result('write', 190, 650)];
    expect(strategyBars(rounds, { 'reads/s': (r) => r.readsPerSecond })).toEqual([
      { group: 'write', series: 'reads/s', value: 650, low: 600, high: 900 },
    ]);
    expect(strategyBars(rounds.slice(0, 2), { w: (r) => r.timelineWritesPerPost })[0]).toMatchObject({ value: 205, low: 200, high: 210 });
  });
});

describe('planStrategyCharts', () => {
  it('plans the five comparisons on the same strategies, saying when bars are medians', () => {
    const one = planStrategyCharts([result('write', 200, 700), result('read', 0, 400), result('hybrid', 58, 600)]);
    expect(one.map((plan) => plan.file)).toEqual([
      'fanout-work.png',
      'post-to-timeline.png',
      'read-throughput.png',
      'read-latency.png',
      'entries-stored.png',
    ]);
    for (const plan of one) expect(new Set(plan.options.bars.map((bar) => bar.group))).toEqual(new Set(['write', 'read', 'hybrid']));
    expect(one[1]?.options.bars.map((bar) => bar.series)).toEqual(['p50', 'p99', 'p50', 'p99', 'p50', 'p99']);
    expect(one[0]?.options.title).not.toContain('median');
    const two = planStrategyCharts([result('write', 200, 700), result('write', 210, 500)]);
    expect(two[0]?.options.title).toContain('median of rounds');
  });
});
