import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatInstallSummary, recordInstalls, step, TICK_MS, type ProgressEvent } from './progress.ts';

describe('step progress', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('ticks at most once per 30 s, and only for the innermost step of a service', async () => {
    const events: ProgressEvent[] = [];
    let finishInner = (): void => {};
    const inner = new Promise<void>((resolve) => (finishInner = resolve));
    const outer = step(
      (event) => events.push(event),
      'minio',
      'install',
      () =>
        step(
          (event) => events.push(event),
          'minio',
          'go install',
          () => inner,
          { install: true },
        ),
    );

    await vi.advanceTimersByTimeAsync(TICK_MS * 3 + 1);
    finishInner();
    await outer;

    const ticks = events.filter((event) => event.phase === 'tick').map((event) => event.step);
    expect(ticks).toEqual(['go install (still working)', 'go install (still working)', 'go install (still working)']);
    expect(events.filter((event) => event.phase === 'done').map((event) => [event.step, event.elapsedMs, event.install])).toEqual([
      ['go install', TICK_MS * 3 + 1, true],
      ['install', TICK_MS * 3 + 1, undefined],
    ]);
  });

  it('lets the outer step tick again once the inner one has finished', async () => {
    const events: ProgressEvent[] = [];
    const outer = step(
      (event) => events.push(event),
      'kafka',
      'prepare',
      async () => {
        await step(
          (event) => events.push(event),
          'kafka',
          'mvn',
          () => Promise.resolve(),
        );
        await new Promise((resolve) => setTimeout(resolve, TICK_MS + 1));
      },
    );
    await vi.advanceTimersByTimeAsync(TICK_MS + 1);
    await outer;
    expect(events.filter((event) => event.phase === 'tick').map((event) => event.step)).toEqual(['prepare (still working)']);
  });

  it('reports a failed step and rethrows its error', async () => {
    const events: ProgressEvent[] = [];
    await expect(
      step(
        (event) => events.push(event),
        'k6',
        'go install',
        () => Promise.reject(new Error('no network')),
      ),
    ).rejects.toThrow('no network');
    expect(events.map((event) => event.phase)).toEqual(['begin', 'fail']);
  });
});

describe('install summary', () => {
  it('lists the install steps that finished, with their durations', async () => {
    const recorder = recordInstalls(() => {});
    await step(recorder.progress, 'chromium', 'apt-get install chromium', () => Promise.resolve(), { install: true });
    await step(recorder.progress, 'postgres', 'waiting for health', () => Promise.resolve());
    expect(recorder.installed().map((item) => item.service)).toEqual(['chromium']);
    expect(formatInstallSummary(recorder.installed())).toMatch(/^installed: chromium \(apt-get install chromium\) \d+\.\ds$/);
    expect(formatInstallSummary([])).toBe('installed: nothing (everything was cached)');
  });
});
