/**
 * Platform-wide settings of the concurrency autoscaler, named after Knative Serving's KPA
 * (config-autoscaler) so the two read the same. Knative's defaults are a 60 s stable window and a
 * 6 s panic window; a laptop demo wants to see a scale-in within a minute, so the local
 * defaults are halved. Per-function knobs (min/max instances, targets) live in
 * shared/app/scaling.ts.
 */
export interface AutoscalerSettings {
  /** Window over which average concurrency decides the instance count (Knative `stable-window`). */
  readonly stableWindowMs: number;
  /** Short window that detects a burst (Knative `panic-window-percentage` of the stable window). */
  readonly panicWindowMs: number;
  /** Panic starts when the panic window wants this multiple of the current instances (Knative 2.0). */
  readonly panicThreshold: number;
  /** Share of the target concurrency the autoscaler aims for, leaving headroom (Knative 0.7). */
  readonly targetUtilization: number;
  /** At most this factor fewer instances per decision (Knative `max-scale-down-rate` 2.0). */
  readonly maxScaleDownRate: number;
  /** With no request for this long, a function with `minInstances: 0` scales to zero. */
  readonly scaleToZeroAfterMs: number;
  /** How often the autoscaler samples concurrency and decides (Knative ticks every 2 s). */
  readonly tickMs: number;
}

export const DEFAULT_AUTOSCALER_SETTINGS: AutoscalerSettings = {
  stableWindowMs: 30_000,
  panicWindowMs: 3_000,
  panicThreshold: 2,
  targetUtilization: 0.7,
  maxScaleDownRate: 2,
  scaleToZeroAfterMs: 30_000,
  tickMs: 1_000,
};
