import { abortReason } from './abortable.ts';
import type { AbortErrorOf } from './abortable.ts';

/**
 * Resolves after `ms`, or rejects with `errorOf(signal)` as soon as it aborts (timer cleared).
 * Web-standard: runs on Node and workerd.
 */
export function sleep(ms: number, signal?: AbortSignal, errorOf: AbortErrorOf = abortReason): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(errorOf(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      if (signal) reject(errorOf(signal));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
