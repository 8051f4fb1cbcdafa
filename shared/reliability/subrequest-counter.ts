import type { Context } from 'hono';
import { silentLogger } from '../observability/logger.ts';
import type { Logger } from '../observability/logger.ts';
import { noopMetricsRecorder } from '../observability/metrics-recorder.port.ts';
import type { MetricsRecorder } from '../observability/metrics-recorder.port.ts';
import { SubrequestLimitExceededError } from './reliability-errors.ts';
import type { DependencyName } from './reliability-errors.ts';

/**
 * The subrequests of ONE invocation (ADR 0024): every attempt of a dependency call takes one,
 * retries included, as Workers count every `fetch()`. Lives in per-request state, never in
 * the process, so instances and isolates count alike.
 */
export interface SubrequestCounter {
  /** Takes one subrequest for a call to `dependency`; throws {@link SubrequestLimitExceededError} past the limit. */
  take(dependency: DependencyName): void;
  /** Subrequests taken so far (refused calls are not counted: they were never made). */
  readonly used: number;
  readonly limit: number;
}

/** Options of {@link createSubrequestCounter}. */
export interface SubrequestCounterOptions {
  readonly limit: number;
  /** Told once per invocation, at the first refused call. */
  readonly onExceeded?: (error: SubrequestLimitExceededError) => void;
}

/** A counter for one invocation. */
export function createSubrequestCounter(options: SubrequestCounterOptions): SubrequestCounter {
  const { limit, onExceeded } = options;
  let used = 0;
  let reported = false;
  return {
    limit,
    get used() {
      return used;
    },
    take(dependency) {
      if (used < limit) {
        used += 1;
        return;
      }
      const error = new SubrequestLimitExceededError(limit, dependency);
      if (!reported) {
        reported = true;
        onExceeded?.(error);
      }
      throw error;
    },
  };
}

/** Options of {@link perRequestSubrequests}. */
export interface PerRequestSubrequestsOptions {
  readonly functionName: string;
  readonly limit: number;
  readonly metrics?: MetricsRecorder;
  readonly logger?: Logger;
}

/**
 * Makes each request's counter: the first refusal of an invocation counts once in
 * `platform_limit_exceeded_total{limit="subrequests"}` and logs one warning with the request id.
 */
export function perRequestSubrequests(options: PerRequestSubrequestsOptions): (c: Context) => SubrequestCounter {
  const { functionName, limit, metrics = noopMetricsRecorder, logger = silentLogger } = options;
  const labels = { function: functionName, limit: 'subrequests' };
  return (c) =>
    createSubrequestCounter({
      limit,
      onExceeded: (error) => {
        metrics.increment('platformLimitExceededTotal', labels);
        const requestId = c.get('requestId') as string | undefined;
        logger.warn('platform limit exceeded', {
          limit: 'subrequests',
          limitValue: limit,
          dependency: error.dependency,
          ...(requestId === undefined ? {} : { requestId }),
        });
      },
    });
}
