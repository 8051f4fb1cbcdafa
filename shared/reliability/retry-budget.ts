/**
 * Retry budget: a token bucket in the spirit of the AWS SDK's retry quota (ADR 0007).
 *
 * Every retry withdraws tokens (timeouts cost more: they hold resources longer); every
 * successful call deposits a little back. While the dependency is healthy the bucket stays
 * full and retries are free; when it fails broadly the bucket drains within a few hundred
 * failures and retries stop, so retries cannot multiply the load on a struggling dependency.
 * One bucket per dependency per process, shared by all its operations.
 */

/** Options of {@link createRetryBudget}; defaults are the AWS SDK's standard retry quota. */
export interface RetryBudgetOptions {
  /** Bucket size and initial fill. Default 500. */
  capacity?: number;
  /** Tokens a retry after an ordinary failure costs. Default 5. */
  retryCost?: number;
  /** Tokens a retry after a timeout costs. Default 10. */
  timeoutRetryCost?: number;
  /** Tokens a success on the first attempt deposits. Default 1. */
  successDeposit?: number;
}

export interface RetryBudget {
  /** Tokens left. */
  readonly available: number;
  readonly capacity: number;
  /**
   * Withdraws the cost of one retry and returns it; returns 0 (withdrawing nothing) when the
   * bucket is short, meaning: do not retry.
   */
  tryAcquire(afterTimeout: boolean): number;
  /**
   * Records a successful call: a success after retries refunds what those retries cost,
   * a first-attempt success deposits `successDeposit`.
   */
  recordSuccess(retryCostSpent: number): void;
}

/** Creates a retry budget. */
export function createRetryBudget(options: RetryBudgetOptions = {}): RetryBudget {
  const { capacity = 500, retryCost = 5, timeoutRetryCost = 10, successDeposit = 1 } = options;
  let available = capacity;
  return {
    get available() {
      return available;
    },
    capacity,
    tryAcquire(afterTimeout) {
      const cost = afterTimeout ? timeoutRetryCost : retryCost;
      if (available < cost) return 0;
      available -= cost;
      return cost;
    },
    recordSuccess(retryCostSpent) {
      available = Math.min(capacity, available + (retryCostSpent > 0 ? retryCostSpent : successDeposit));
    },
  };
}
