import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScheduleContext, ScheduleTrigger } from '#shared/app/triggers.ts';
import type { Dependencies } from '#shared/app/dependencies.ts';
import { silentLogger } from '#shared/observability/logger.ts';
import { noopMetricsRecorder } from '#shared/observability/metrics-recorder.port.ts';
import { startSchedule } from './schedule-runner.ts';

const context = ({ signal, scheduledTime }: { signal: AbortSignal; scheduledTime: number }): ScheduleContext => ({
  deps: {} as Dependencies,
  signal,
  scheduledTime,
  log: silentLogger,
  metrics: noopMetricsRecorder,
});

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

describe('startSchedule', () => {
  it('runs every period and never overlaps a slow run', async () => {
    let active = 0;
    let maxActive = 0;
    const starts: number[] = [];
    const schedule: ScheduleTrigger = {
      name: 'tick',
      everyMs: 100,
      async handler() {
        starts.push(Date.now());
        active += 1;
        maxActive = Math.max(maxActive, active);
        // The third run overruns its period by far.
        await new Promise((resolve) => setTimeout(resolve, starts.length === 3 ? 350 : 10));
        active -= 1;
      },
    };
    const running = startSchedule(schedule, { context, logger: silentLogger });
    await vi.advanceTimersByTimeAsync(1000);
    await running.stop();
    expect(maxActive).toBe(1);
    expect(starts.slice(0, 5)).toEqual([0, 100, 200, 550, 650]);
  });

  it('keeps going after a failing run', async () => {
    let runs = 0;
    const running = startSchedule(
      {
        name: 'flaky',
        everyMs: 50,
        async handler() {
          runs += 1;
          if (runs === 1) throw new Error('boom');
        },
      },
      { context, logger: silentLogger },
    );
    await vi.advanceTimersByTimeAsync(160);
    await running.stop();
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(running.runs).toBe(runs);
  });

  it('stop waits for the run in progress, and aborts it after the drain period', async () => {
    let aborted = false;
    const running = startSchedule(
      {
        name: 'stuck',
        everyMs: 1000,
        handler: ({ signal }) =>
          new Promise<void>((resolve) => {
            signal.addEventListener('abort', () => {
              aborted = true;
              resolve();
            });
          }),
      },
      { context, logger: silentLogger, drainMs: 500 },
    );
    await vi.advanceTimersByTimeAsync(10);
    let stopped = false;
    const stopping = running.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(400);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    await stopping;
    expect(aborted).toBe(true);
    expect(running.runs).toBe(1);
  });

  it('gives runs a timeout signal', async () => {
    let reason: unknown;
    const running = startSchedule(
      {
        name: 'slow',
        everyMs: 10,
        handler: ({ signal }) =>
          new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(void (reason = signal.reason)))),
      },
      { context, logger: silentLogger, runTimeoutMs: 200 },
    );
    await vi.advanceTimersByTimeAsync(210);
    const stopping = running.stop();
    await vi.advanceTimersByTimeAsync(6000);
    await stopping;
    expect((reason as Error).name).toBe('TimeoutError');
  });
});
