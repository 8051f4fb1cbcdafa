import { describe, expect, it } from 'vitest';
import { isBulkheadRejectedError } from 'cockatiel';
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

  it('validates its size', () => {
    expect(() => createBulkhead({ concurrency: 0, queue: 0 })).toThrow(RangeError);
  });
});
