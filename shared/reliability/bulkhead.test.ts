import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { isBulkheadRejectedError, isTaskCancelledError } from 'cockatiel';
import { createBulkhead } from './bulkhead.ts';

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('createBulkhead', () => {
  it('runs `concurrency` calls, queues `queue` more and rejects the rest at once', async () => {
    const bulkhead = createBulkhead({ concurrency: 2, queue: 1 });
    let rejections = 0;
    bulkhead.onReject(() => rejections++);
    const g = gate();
    let started = 0;
    const work = async (): Promise<number> => {
      started++;
      await g.promise;
      return started;
    };
    const running = [bulkhead.execute(work), bulkhead.execute(work), bulkhead.execute(work)];
    expect(bulkhead.executionSlots).toBe(0);
    expect(bulkhead.queueSlots).toBe(0);
    const rejected = await bulkhead.execute(work).catch((e: unknown) => e);
    expect(isBulkheadRejectedError(rejected)).toBe(true);
    expect(rejections).toBe(1);
    expect(started).toBe(2);
    g.open();
    await Promise.all(running);
    expect(started).toBe(3);
    expect(bulkhead.executionSlots).toBe(2);
  });

  it("runs a queued call in its own caller's async context, not in the finishing call's", async () => {
    // Stands in for workerd's request context (it follows promise continuations the same way):
    // a queued request's I/O must be issued by that request, or workerd cancels it with the
    // request that happened to free the slot.
    const request = new AsyncLocalStorage<string>();
    const bulkhead = createBulkhead({ concurrency: 1, queue: 1 });
    const g = gate();
    const ranIn: (string | undefined)[] = [];
    const work = async (): Promise<void> => {
      ranIn.push(request.getStore());
      await g.promise;
    };
    const first = request.run('A', () => bulkhead.execute(work));
    const second = request.run('B', () => bulkhead.execute(work));
    await Promise.resolve();
    expect(ranIn).toEqual(['A']);
    request.run('A', () => g.open());
    await Promise.all([first, second]);
    expect(ranIn).toEqual(['A', 'B']);
  });

  it('takes an aborted waiter out of the queue at once and keeps the slot for the next', async () => {
    const bulkhead = createBulkhead({ concurrency: 1, queue: 2 });
    const g = gate();
    const order: string[] = [];
    const running = bulkhead.execute(async () => {
      order.push('first');
      await g.promise;
    });
    const controller = new AbortController();
    const cancelled = bulkhead.execute(async () => order.push('cancelled'), controller.signal).catch((e: unknown) => e);
    const third = bulkhead.execute(async () => order.push('third'));
    expect(bulkhead.queueSlots).toBe(0);
    controller.abort();
    expect(isTaskCancelledError(await cancelled)).toBe(true);
    expect(bulkhead.queueSlots).toBe(1);
    g.open();
    await Promise.all([running, third]);
    expect(order).toEqual(['first', 'third']);
    expect(bulkhead.executionSlots).toBe(1);
    expect(bulkhead.queueSlots).toBe(2);
  });

  it('refuses a call whose signal is already aborted', async () => {
    const bulkhead = createBulkhead({ concurrency: 1, queue: 1 });
    const error = await bulkhead.execute(() => 1, AbortSignal.abort()).catch((e: unknown) => e);
    expect(isTaskCancelledError(error)).toBe(true);
    expect(bulkhead.executionSlots).toBe(1);
  });

  it('validates its size', () => {
    expect(() => createBulkhead({ concurrency: 0, queue: 0 })).toThrow(RangeError);
    expect(() => createBulkhead({ concurrency: 1, queue: -1 })).toThrow(RangeError);
  });
});
