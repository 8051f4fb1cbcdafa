/** Options of {@link createRelayBackoff}. */
export interface RelayBackoffOptions {
  /** First pause after a failure, in ms (default: the relay period). */
  readonly initialMs: number;
  /** Longest pause, in ms (default 5000): how soon a returning Kafka is noticed. */
  readonly maxMs?: number;
  /** Failure warnings are logged at most once per this many ms (default 30000). */
  readonly warnEveryMs?: number;
}

/** What the relay should do about a failure. */
export interface FailureVerdict {
  /** Log a warning now (first failure of a streak, then once per `warnEveryMs`). */
  readonly warn: boolean;
  /** Failures since the last warning (for the log line). */
  readonly failuresSinceWarning: number;
  /** The next attempt is not due before this time (epoch ms). */
  readonly pausedUntil: number;
}

/** Failure streak state of one relay. */
export interface RelayBackoff {
  /** Whether an attempt may run at `now`. */
  due(now: number): boolean;
  failure(now: number): FailureVerdict;
  /** Records a success; resolves the length of the streak it ended (0 when there was none). */
  success(): number;
}

/**
 * While Kafka is down, a relay ticking every 200 ms would try (and log, and bump `attempts`)
 * five times a second. This doubles the pause after each consecutive failure up to `maxMs` and
 * throttles the warnings; the first success resets both.
 */
export function createRelayBackoff(options: RelayBackoffOptions): RelayBackoff {
  const maxMs = options.maxMs ?? 5000;
  const warnEveryMs = options.warnEveryMs ?? 30_000;
  let streak = 0;
  let pausedUntil = 0;
  let lastWarnAt = Number.NEGATIVE_INFINITY;
  let sinceWarning = 0;
  return {
    due: (now) => now >= pausedUntil,
    failure(now) {
      streak += 1;
      sinceWarning += 1;
      pausedUntil = now + Math.min(maxMs, options.initialMs * 2 ** (streak - 1));
      const warn = streak === 1 || now - lastWarnAt >= warnEveryMs;
      const failuresSinceWarning = sinceWarning;
      if (warn) {
        lastWarnAt = now;
        sinceWarning = 0;
      }
      return { warn, failuresSinceWarning, pausedUntil };
    },
    success() {
      const ended = streak;
      streak = 0;
      pausedUntil = 0;
      sinceWarning = 0;
      lastWarnAt = Number.NEGATIVE_INFINITY;
      return ended;
    },
  };
}
