import { describe, expect, it } from 'vitest';
import type { K6Recording } from '../report/k6-record.ts';
import type { DependencySnapshot } from '../runner/dependency-metrics.ts';
import type { GrayFaultWindow } from '../runner/gray-run.ts';
import { GRAY_FAULTS } from '../runner/gray-schedule.ts';
import { grayChecks, grayFaultRows, retryBudgetBound, windowCount } from './gray-checker.ts';

const snapshot = (at: number, calls: number, retries: number, breaker: number, seconds = calls * 0.002): DependencySnapshot => ({
  at,
  calls: { redis: calls },
  callSeconds: { redis: seconds },
  retries: { redis: retries },
  budgetExhausted: {},
  breaker: { redis: breaker },
});
const point = (t: number, reqs: number, late: number, reads: number, degraded: number) => ({
  t,
  metrics: {
    http_reqs: { count: reqs },
    outlived_deadline: { count: late },
    timeline_reads: { count: reads },
    degraded_responses: { count: degraded },
  },
});
const recording: K6Recording = {
  periodMs: 1000,
  startedAt: 0,
  points: [point(500, 10, 0, 8, 0), point(1500, 10, 1, 8, 4), point(2500, 10, 0, 8, 4), point(4500, 10, 0, 8, 0)],
};
const fault = GRAY_FAULTS[1];
if (!fault) throw new Error('schedule is empty');
const window: GrayFaultWindow = {
  fault,
  appliedAt: 1000,
  removedAt: 3000,
  slotEndAt: 4000,
  greenMs: 800,
  notGreenReason: '',
  before: snapshot(1000, 100, 0, 0),
  atRemoval: snapshot(3000, 200, 30, 2, 0.2 + 50),
  after: snapshot(4000, 300, 40, 0),
};

describe('windowCount', () => {
  it('sums the per-period counts of the periods that ended inside the window', () => {
    expect(windowCount(recording, 'http_reqs', 1000, 4000)).toBe(20);
    expect(windowCount(recording, 'outlived_deadline', 0, 1000)).toBe(0);
  });
});

describe('retryBudgetBound', () => {
  it('allows the full buckets of every process plus a fifth of the calls', () => {
    expect(retryBudgetBound(1000, 4)).toBe(600);
  });
});

describe('grayFaultRows', () => {
  const rows = grayFaultRows({
    windows: [window],
    acks: [
      { postId: 'a', authorId: 'u', sentAt: 1200, ackAt: 1300 },
      { postId: 'b', authorId: 'u', sentAt: 2000, ackAt: 2100 },
      { postId: 'c', authorId: 'u', sentAt: 5000, ackAt: 5100 },
    ],
    problems: new Map([
      ['b', 'duplicate-in-timeline'],
      ['c', 'missing-from-posts'],
    ]),
    recording,
    snapshots: [snapshot(0, 50, 0, 0), window.before, snapshot(2000, 150, 10, 2), window.atRemoval, window.after].filter(
      (s) => s !== undefined,
    ),
    processes: 2,
    greenTargetMs: 10_000,
  });
  const row = rows[0];

  it('charges acks, late replies and degraded reads to the fault whose slot they fell in', () => {
    expect(row).toMatchObject({ acknowledged: 2, lost: 0, duplicates: 1, requests: 20, pastDeadline: 1, degradedShare: 0.5, greenMs: 800 });
  });

  it('gives retries as a share of calls and the breaker transitions relative to the fault', () => {
    expect(row?.retries).toBe('redis 20.0% (40/200)');
    expect(row?.retriesWithinBudget).toBe(true);
    expect(row?.breakers).toBe('redis open +1.0 s; redis closed +3.0 s');
    expect(row?.callLatency).toBe('redis 500');
  });

  it('fails a fault with a duplicate or a late reply, and passes its green check', () => {
    const verdicts = grayChecks(rows, 10_000).map((check) => check.passed);
    expect(verdicts).toEqual([false, false, true, true]);
  });
});
