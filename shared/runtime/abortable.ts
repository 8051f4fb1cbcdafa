/** Turns an aborted signal into the error its waiters reject with. */
export type AbortErrorOf = (signal: AbortSignal) => Error;

/** The default {@link AbortErrorOf}: the signal's own reason (a `DOMException` or what `abort()` was given). */
export const abortReason: AbortErrorOf = (signal) => signal.reason as Error;

/**
 * Settles with `work`, or rejects with `errorOf(signal)` as soon as the signal aborts, whichever
 * comes first. For clients that take no signal themselves (kafkajs), and for callers that must
 * not outlive their own caller: they stop waiting even though the work may finish in the background.
 */
export function abortable<T>(signal: AbortSignal, work: Promise<T>, errorOf: AbortErrorOf = abortReason): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(errorOf(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(errorOf(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
