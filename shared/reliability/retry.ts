import { EventEmitter } from 'cockatiel';
import type { Event } from 'cockatiel';
import { createBackoff } from './backoff.ts';
import type { Backoff } from './backoff.ts';
import { DependencyTimeoutError, abortError } from './reliability-errors.ts';
import type { RetryBudget } from './retry-budget.ts';
import { sleep } from '../runtime/sleep.ts';

/**
 * Retry with jittered exponential backoff, limited by attempts, by a retry budget and by the
 * caller's signal (ADR 0007). Written here rather than taken from cockatiel because cockatiel's
 * RetryPolicy sleeps without honouring the abort signal (a backoff could outlive the request's
 * deadline) and has no hook to consult a shared budget before each retry. The backoff delays
 * themselves are cockatiel's generators (see backoff.ts).
 */

/** Options of {@link createRetry}. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** Delay sequence. Default full jitter, 50 ms base, 2 s cap. */
  backoff?: Backoff;
  /** Shared retry budget; without one only `maxRetries` limits retries. */
  budget?: RetryBudget;
  /** Whether an error may be retried at all (transient ones). Default: never. */
  isRetryable?: (error: unknown) => boolean;
}

/** Per-call options. */
export interface RetryCallOptions {
  signal?: AbortSignal;
  /** Only idempotent operations are retried: a retried non-idempotent write could apply twice. */
  idempotent: boolean;
}

export interface RetryEvent {
  /** The retry about to happen, 1-based. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: unknown;
}

export type GiveUpReason = 'not_retryable' | 'not_idempotent' | 'attempts' | 'budget';

export interface GiveUpEvent {
  readonly reason: GiveUpReason;
  readonly error: unknown;
}

export interface RetryPolicy {
  execute<T>(fn: (context: { attempt: number; signal: AbortSignal }) => Promise<T> | T, options: RetryCallOptions): Promise<T>;
  /** Fires before each backoff sleep. */
  readonly onRetry: Event<RetryEvent>;
  /** Fires when a failure is returned to the caller instead of retried. */
  readonly onGiveUp: Event<GiveUpEvent>;
}

const neverAborted = new AbortController().signal;

/** Creates a retry policy. */
export function createRetry(options: RetryOptions = {}): RetryPolicy {
  const { maxRetries = 2, backoff = createBackoff(), budget, isRetryable = () => false } = options;
  const retryEmitter = new EventEmitter<RetryEvent>();
  const giveUpEmitter = new EventEmitter<GiveUpEvent>();

  const giveUp = (reason: GiveUpReason, error: unknown): never => {
    giveUpEmitter.emit({ reason, error });
    throw error;
  };

  return {
    onRetry: retryEmitter.addListener,
    onGiveUp: giveUpEmitter.addListener,
    async execute(fn, { signal = neverAborted, idempotent }) {
      let spent = 0;
      let delays: ReturnType<Backoff['first']> | undefined;
      for (let attempt = 0; ; attempt++) {
        if (signal.aborted) throw abortError(signal);
        try {
          const value = await fn({ attempt, signal });
          budget?.recordSuccess(spent);
          return value;
        } catch (error) {
          if (!isRetryable(error)) return giveUp('not_retryable', error);
          if (!idempotent) return giveUp('not_idempotent', error);
          if (attempt >= maxRetries) return giveUp('attempts', error);
          if (signal.aborted) throw error;
          if (budget) {
            const cost = budget.tryAcquire(error instanceof DependencyTimeoutError);
            if (cost === 0) return giveUp('budget', error);
            spent += cost;
          }
          delays = delays ? delays.next(undefined) : backoff.first();
          retryEmitter.emit({ attempt: attempt + 1, delayMs: delays.duration, error });
          await sleep(delays.duration, signal, abortError);
        }
      }
    },
  };
}
