import { describe, expect, it } from 'vitest';
import type { RunSection } from '../report/report-model.ts';
import { dependencyBands } from '../report/report-charts.ts';
import type { SystemSample } from './samplers.ts';
import { soakChecks } from './soak-checks.ts';

function run(samples: SystemSample[]): RunSection {
  return {
    label: 'soak',
    thresholdsPassed: true,
    startedAt: 0,
    endedAt: 10_000,
    recording: { periodMs: 1000, startedAt: 0, points: [] },
    summary: { metrics: {} },
    samples,
    instanceEvents: [],
    settings: {},
  };
}
const sample = (t: number, rssMb: number, pg: number, up = true): SystemSample => ({
  t,
  load1: 1,
  processes: { 'timeline#1': { rssMb, cpuPct: 10 } },
  pgConnections: { total: pg, active: 1, idle: pg - 1, idleInTransaction: 0 },
  redisClients: 5,
  dependencies: { postgres: up, redis: true },
});

describe('soakChecks', () => {
  it('passes flat memory and bounded connections, fails growth past 20%', () => {
    const flat = soakChecks(run(Array.from({ length: 10 }, (_, i) => sample(i * 1000, 100 + (i % 2), 20))), 60);
    expect(flat.every((check) => check.passed)).toBe(true);
    const growing = soakChecks(run(Array.from({ length: 10 }, (_, i) => sample(i * 1000, 100 + i * 10, 20))), 60);
    expect(growing.find((check) => check.name === 'memory flat: timeline#1')?.passed).toBe(false);
    const leaking = soakChecks(run(Array.from({ length: 10 }, (_, i) => sample(i * 1000, 100, 20 + i * 10))), 60);
    expect(leaking.find((check) => check.name === 'postgres connections bounded')?.passed).toBe(false);
  });
});

describe('dependencyBands', () => {
  it('turns closed-port stretches into labelled intervals, open-ended ones closed at the last sample', () => {
    const samples = [sample(0, 1, 1), sample(1000, 1, 1, false), sample(2000, 1, 1, false), sample(3000, 1, 1), sample(4000, 1, 1, false)];
    expect(dependencyBands(run(samples))).toEqual([
      { from: 1, to: 3, label: 'postgres down' },
      { from: 4, to: 4, label: 'postgres down' },
    ]);
  });
});
