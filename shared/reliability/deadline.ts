import { ownTimerPerDeadline } from './deadline-timers.ts';
import type { DeadlineTimers } from './deadline-timers.ts';
import { DeadlineExceededError } from './reliability-errors.ts';

/** Options of {@link Deadline}. */
export interface DeadlineOptions {
  /** The server's budget for the work, in ms (per-route override may replace it). */
  budgetMs: number;
  /** Absolute limit set by the caller (epoch ms), never extended by the server. */
  callerLimitAt?: number;
  /** Wall clock in epoch ms. Default `Date.now` (absolute deadlines cross processes). */
  now?: () => number;
  /** Where the expiry is armed. Default a timer of its own; the request path shares them. */
  timers?: DeadlineTimers;
  /** When the work started, on the `now` clock (default: now). The request path has just read it. */
  startedAt?: number;
}

/**
 * The time budget of one unit of work (an HTTP request, an event batch, a schedule tick).
 *
 * It expires at `min(start + server budget, caller's limit)`. Its `signal` aborts with a
 * {@link DeadlineExceededError} at expiry and is passed to every dependency call, so work
 * stops where the budget ends instead of continuing for a caller that has gone (ADR 0006).
 */
export class Deadline {
  readonly startedAt: number;
  readonly #callerLimitAt: number;
  readonly #now: () => number;
  // Created on first `signal` read: many requests never pass the signal anywhere, and an
  // AbortController costs more than the rest of the deadline bookkeeping together.
  #controller: AbortController | undefined;
  #expiredWith: DeadlineExceededError | undefined;
  #onExpire: ((error: DeadlineExceededError) => void) | undefined;
  #expiresAt: number;
  readonly #timers: DeadlineTimers;
  #timer: unknown;
  readonly #fire = (): void => this.#expire();

  constructor(options: DeadlineOptions) {
    this.#now = options.now ?? Date.now;
    this.#timers = options.timers ?? ownTimerPerDeadline;
    this.startedAt = options.startedAt ?? this.#now();
    this.#callerLimitAt = options.callerLimitAt ?? Number.POSITIVE_INFINITY;
    this.#expiresAt = Math.min(this.startedAt + options.budgetMs, this.#callerLimitAt);
    this.#arm(this.startedAt);
  }

  /** A deadline `ms` from now with no caller limit (event and schedule triggers). */
  static after(ms: number): Deadline {
    return new Deadline({ budgetMs: ms });
  }

  /** Aborts (reason: DeadlineExceededError) when the deadline passes. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#expiredWith) this.#controller.abort(this.#expiredWith);
    }
    return this.#controller.signal;
  }

  /**
   * Registers THE expiry callback (one per deadline: the deadline middleware's). Called at
   * once if already expired. Everything else should listen on {@link signal}.
   */
  onExpire(callback: (error: DeadlineExceededError) => void): void {
    this.#onExpire = callback;
    if (this.#expiredWith) callback(this.#expiredWith);
  }

  /** Absolute expiry, epoch ms. */
  get expiresAt(): number {
    return this.#expiresAt;
  }

  /** The budget the work was given, ms (for error messages and logs). */
  get budgetMs(): number {
    return this.#expiresAt - this.startedAt;
  }

  /**
   * True when the caller's own limit, not the server's budget, sets the expiry: a 504 then is
   * the caller's choice, not the function running past its wall time.
   */
  get setByCaller(): boolean {
    return this.#expiresAt >= this.#callerLimitAt;
  }

  /** Ms left, never negative. */
  remainingMs(): number {
    return Math.max(0, this.#expiresAt - this.#now());
  }

  get expired(): boolean {
    return this.#expiredWith !== undefined || this.#now() >= this.#expiresAt;
  }

  /**
   * Replaces the server budget (a route that needs less, or more, than the default). The
   * caller's own limit still applies: a server can never give a client more time than it asked.
   */
  setServerBudget(budgetMs: number): void {
    if (this.#expiredWith) return;
    this.#expiresAt = Math.min(this.startedAt + budgetMs, this.#callerLimitAt);
    this.#arm();
  }

  /** Stops the timer once the work is done (the signal then never aborts). */
  dispose(): void {
    if (this.#timer !== undefined) this.#timers.cancel(this.#timer, this.#fire);
    this.#timer = undefined;
  }

  #arm(at = this.#now()): void {
    this.dispose();
    const remaining = this.#expiresAt - at;
    if (remaining <= 0) {
      this.#expire();
      return;
    }
    this.#timer = this.#timers.arm(this.#expiresAt, remaining, this.#fire);
  }

  #expire(): void {
    this.#timer = undefined;
    this.#expiredWith = new DeadlineExceededError(this.#expiresAt - this.startedAt);
    this.#controller?.abort(this.#expiredWith);
    this.#onExpire?.(this.#expiredWith);
  }
}
