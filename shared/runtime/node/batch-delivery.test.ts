import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventRecord } from '#shared/app/triggers.ts';
import type { BatchControl, ConsumedBatch } from '#shared/kafka/event-consumer.port.ts';
import { silentLogger } from '#shared/observability/logger.ts';
import { deliverWithRetry } from './batch-delivery.ts';

const record = (offset: string): EventRecord => ({ topic: 't', partition: 0, offset, key: null, value: { offset }, headers: {} });
const batch: ConsumedBatch = { topic: 't', partition: 0, records: [record('5'), record('6')] };

function control() {
  const stop = new AbortController();
  const heartbeat = vi.fn(async () => undefined);
  const value: BatchControl = { signal: stop.signal, heartbeat };
  return { value, stop, heartbeat };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('deliverWithRetry', () => {
  it('delivers the whole batch again after a backoff until it succeeds, heartbeating meanwhile', async () => {
    const c = control();
    const seen: string[][] = [];
    const deliver = vi.fn(async (records: readonly EventRecord[]) => {
      seen.push(records.map((r) => r.offset));
      if (seen.length < 3) throw new Error('redis down');
    });
    const outcome = deliverWithRetry(batch, c.value, deliver, { logger: silentLogger, backoff: { initialDelayMs: 100, maxDelayMs: 100 } });
    await vi.advanceTimersByTimeAsync(250);
    await expect(outcome).resolves.toBe('processed');
    expect(seen).toEqual([
      ['5', '6'],
      ['5', '6'],
      ['5', '6'],
    ]);
    expect(c.heartbeat).toHaveBeenCalledTimes(4);
  });

  it('gives each attempt a deadline and counts a timed-out attempt as a failure', async () => {
    const c = control();
    let attempts = 0;
    const deliver = (_records: readonly EventRecord[], signal: AbortSignal): Promise<void> => {
      attempts += 1;
      if (attempts > 1) return Promise.resolve();
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
    };
    const outcome = deliverWithRetry(batch, c.value, deliver, {
      logger: silentLogger,
      attemptTimeoutMs: 1000,
      backoff: { initialDelayMs: 10, maxDelayMs: 10 },
    });
    await vi.advanceTimersByTimeAsync(1100);
    await expect(outcome).resolves.toBe('processed');
    expect(attempts).toBe(2);
  });

  it('abandons (no commit) when the consumer stops during the backoff', async () => {
    const c = control();
    const outcome = deliverWithRetry(batch, c.value, async () => Promise.reject(new Error('down')), {
      logger: silentLogger,
      backoff: { initialDelayMs: 5000, maxDelayMs: 5000 },
    });
    await vi.advanceTimersByTimeAsync(10);
    c.stop.abort();
    await expect(outcome).resolves.toBe('abandoned');
  });

  it('lets the attempt in progress finish within the drain period when stopping', async () => {
    const c = control();
    const deliver = (_records: readonly EventRecord[], signal: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        setTimeout(resolve, 300);
        signal.addEventListener('abort', () => reject(new Error('drained')));
      });
    const outcome = deliverWithRetry(batch, c.value, deliver, { logger: silentLogger, drainMs: 1000 });
    c.stop.abort();
    await vi.advanceTimersByTimeAsync(300);
    await expect(outcome).resolves.toBe('processed');
  });

  it('heartbeats while a long attempt runs, and does not commit when the partition was lost meanwhile', async () => {
    const c = control();
    const slow = () => new Promise<void>((resolve) => setTimeout(resolve, 5000));
    const ok = deliverWithRetry(batch, c.value, slow, { logger: silentLogger, heartbeatEveryMs: 1000 });
    await vi.advanceTimersByTimeAsync(5000);
    await expect(ok).resolves.toBe('processed');
    expect(c.heartbeat.mock.calls.length).toBeGreaterThanOrEqual(4);

    const lost = control();
    lost.heartbeat.mockRejectedValue(new Error('rebalance in progress'));
    const outcome = deliverWithRetry(batch, lost.value, slow, { logger: silentLogger, heartbeatEveryMs: 1000 });
    const settled = expect(outcome).rejects.toThrow('rebalance in progress');
    await vi.advanceTimersByTimeAsync(5000);
    await settled;
  });

  it('propagates a failed heartbeat (the partition was lost: the consumer rejoins)', async () => {
    const c = control();
    c.heartbeat.mockRejectedValueOnce(new Error('rebalance in progress'));
    await expect(deliverWithRetry(batch, c.value, async () => Promise.reject(new Error('down')), { logger: silentLogger })).rejects.toThrow(
      'rebalance',
    );
  });
});
