/**
 * Process-level health state shared by the health routes and the runtime entry. The Node host
 * sets `draining` on SIGTERM so that `/health/ready` turns 503 before connections close.
 */
export interface HealthState {
  /** True while shutting down: readiness fails, liveness still passes. */
  draining: boolean;
  /** When this instance started (ISO 8601). */
  readonly startedAt: string;
}

/** Creates a fresh, non-draining state. */
export function createHealthState(): HealthState {
  return { draining: false, startedAt: new Date().toISOString() };
}
