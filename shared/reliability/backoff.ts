import { decorrelatedJitterGenerator, ExponentialBackoff, fullJitterGenerator } from 'cockatiel';
import type { IBackoff, IBackoffFactory } from 'cockatiel';

/**
 * Exponential backoff with jitter, built on cockatiel's generators (ADR 0007).
 *
 * - `full`: delay for retry n (0-based) is uniform in [0, min(maxDelay, initialDelay * 2^n)):
 *   the AWS Architecture Blog's "full jitter", the best at spreading a thundering herd.
 * - `decorrelated`: Polly's decorrelated jitter v2 (cockatiel's default): each delay depends on
 *   the previous one, medians near initialDelay * 2^n, capped at maxDelay.
 */
export type JitterKind = 'full' | 'decorrelated';

/** Options of {@link createBackoff}. */
export interface BackoffOptions {
  jitter?: JitterKind;
  /** Base delay in ms. Default 50. */
  initialDelayMs?: number;
  /** Cap on any single delay in ms. Default 2000. */
  maxDelayMs?: number;
}

/** A sequence of delays: `first()` is the delay before retry 1, `.next()` the one after. */
export interface Backoff {
  first(): IBackoff<unknown>;
}

/** Creates a jittered exponential backoff. */
export function createBackoff(options: BackoffOptions = {}): Backoff {
  const { jitter = 'full', initialDelayMs = 50, maxDelayMs = 2000 } = options;
  if (!(initialDelayMs > 0) || !(maxDelayMs >= initialDelayMs)) {
    throw new RangeError(`backoff needs 0 < initialDelayMs <= maxDelayMs, got ${initialDelayMs}, ${maxDelayMs}`);
  }
  const factory: IBackoffFactory<unknown> =
    jitter === 'full'
      ? new ExponentialBackoff({ generator: fullJitterGenerator, initialDelay: initialDelayMs, maxDelay: maxDelayMs })
      : new ExponentialBackoff({ generator: decorrelatedJitterGenerator, initialDelay: initialDelayMs, maxDelay: maxDelayMs });
  return { first: () => factory.next(undefined) };
}
