import { describe, expect, it } from 'vitest';
import { abortable } from './abortable.ts';

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
