import { describe, expect, it } from 'vitest';
import { createRelayBackoff } from './relay-backoff.ts';

describe('createRelayBackoff', () => {
  it('doubles the pause per consecutive failure up to the cap', () => {
    const backoff = createRelayBackoff({ initialMs: 200, maxMs: 1000 });
    expect(backoff.due(0)).toBe(true);
    expect(backoff.failure(0).pausedUntil).toBe(200);
    expect(backoff.due(199)).toBe(false);
    expect(backoff.due(200)).toBe(true);
    expect(backoff.failure(200).pausedUntil).toBe(600);
    expect(backoff.failure(600).pausedUntil).toBe(1400);
    expect(backoff.failure(1400).pausedUntil).toBe(2400);
  });

  it('warns on the first failure, then at most once per period with the count in between', () => {
    const backoff = createRelayBackoff({ initialMs: 100, warnEveryMs: 1000 });
    expect(backoff.failure(0)).toMatchObject({ warn: true, failuresSinceWarning: 1 });
    expect(backoff.failure(300).warn).toBe(false);
    expect(backoff.failure(700).warn).toBe(false);
    expect(backoff.failure(1000)).toMatchObject({ warn: true, failuresSinceWarning: 3 });
  });

  it('resets on success and reports the streak it ended', () => {
    const backoff = createRelayBackoff({ initialMs: 100 });
    backoff.failure(0);
    backoff.failure(100);
    expect(backoff.success()).toBe(2);
    expect(backoff.due(0)).toBe(true);
    expect(backoff.failure(500)).toMatchObject({ warn: true, pausedUntil: 600 });
    expect(createRelayBackoff({ initialMs: 1 }).success()).toBe(0);
  });
});
