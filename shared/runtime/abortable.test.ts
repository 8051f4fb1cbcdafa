import { describe, expect, it, vi } from 'vitest';
import { abortable } from './abortable.ts';
import { sleep } from './sleep.ts';

describe('abortable', () => {
  it('settles with the work when the signal stays quiet', async () => {
    await expect(abortable(new AbortController().signal, Promise.resolve(7))).resolves.toBe(7);
    await expect(abortable(new AbortController().signal, Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });

  it('rejects with the abort reason as soon as the signal fires, even if the work never ends', async () => {
    const controller = new AbortController();
    const pending = abortable(controller.signal, new Promise<never>(() => undefined));
    controller.abort(new Error('deadline'));
    await expect(pending).rejects.toThrow('deadline');
  });

  it('rejects at once for an already aborted signal', async () => {
    await expect(abortable(AbortSignal.abort(new Error('gone')), Promise.resolve(1))).rejects.toThrow('gone');
  });
});

describe('abort errors of abortable and sleep', () => {
  const cancelled = (signal: AbortSignal): Error => new Error(`cancelled: ${String(signal.reason)}`);

  it('reject with what errorOf makes of the aborted signal', async () => {
    const controller = new AbortController();
    const waiting = abortable(controller.signal, new Promise<never>(() => undefined), cancelled);
    const sleeping = sleep(60_000, controller.signal, cancelled);
    controller.abort('gone');
    await expect(waiting).rejects.toThrow('cancelled: gone');
    await expect(sleeping).rejects.toThrow('cancelled: gone');
  });

  it('sleep resolves after its delay when the signal stays quiet', async () => {
    vi.useFakeTimers();
    try {
      const slept = sleep(1_000, new AbortController().signal).then(() => 'slept');
      await vi.advanceTimersByTimeAsync(1_000);
      await expect(slept).resolves.toBe('slept');
    } finally {
      vi.useRealTimers();
    }
  });
});
