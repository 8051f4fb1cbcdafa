/** Extra facts a check may report (shown by `/health/deep`), e.g. a breaker's state. */
export type HealthDetails = Readonly<Record<string, string | number | boolean | null>>;

/**
 * One dependency check. Generic on purpose: dependency pings, breaker state or a disk check
 * all fit, and the reliability layer adds its own without touching the routes.
 */
export interface HealthCheck {
  /** Stable name, the key in reports (`postgres`, `redis`, `kafka`, `s3`, ...). */
  readonly name: string;
  /** A failing required check makes `/health/ready` and `/health/deep` answer 503. */
  readonly required: boolean;
  /** Budget in milliseconds for one run; overrides the route's default. */
  readonly timeoutMs?: number;
  /**
   * Resolves when healthy, rejects when not; must honour `signal`. A resolved plain object is
   * reported as the check's {@link HealthDetails}; any other value is ignored.
   */
  check(signal: AbortSignal): Promise<unknown>;
}

/** Outcome of one check run. */
export interface CheckResult {
  readonly name: string;
  readonly required: boolean;
  readonly status: 'pass' | 'fail';
  /** Wall time of the run in milliseconds (the timeout when it timed out). */
  readonly latencyMs: number;
  /** Short reason when failed; never a stack trace. */
  readonly error?: string;
  readonly details?: HealthDetails;
  /** When the check ran (ISO 8601); older than now for cached readiness results. */
  readonly checkedAt: string;
}

/**
 * `fail` when a required check failed, `warn` when only optional ones did, else `pass`
 * (the status vocabulary of the IETF health check response draft).
 */
export type HealthStatus = 'pass' | 'warn' | 'fail';

/** Aggregated result of several checks. */
export interface HealthReport {
  readonly status: HealthStatus;
  readonly checks: readonly CheckResult[];
}

/** Derives the overall status from individual results. */
export function overallStatus(results: readonly CheckResult[]): HealthStatus {
  if (results.some((r) => r.status === 'fail' && r.required)) return 'fail';
  if (results.some((r) => r.status === 'fail')) return 'warn';
  return 'pass';
}
