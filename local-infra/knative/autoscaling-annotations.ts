import type { FunctionScaling } from '../../shared/app/scaling.ts';
import type { AutoscalerSettings } from '../platform/autoscaler-settings.ts';

/**
 * Knative Serving's per-revision autoscaling annotation keys (knative.dev/serving
 * pkg/apis/autoscaling/register.go; the kebab-case names, the camelCase ones are legacy).
 */
export const KNATIVE_ANNOTATIONS = {
  class: 'autoscaling.knative.dev/class',
  metric: 'autoscaling.knative.dev/metric',
  target: 'autoscaling.knative.dev/target',
  targetUtilization: 'autoscaling.knative.dev/target-utilization-percentage',
  minScale: 'autoscaling.knative.dev/min-scale',
  maxScale: 'autoscaling.knative.dev/max-scale',
  window: 'autoscaling.knative.dev/window',
  panicWindow: 'autoscaling.knative.dev/panic-window-percentage',
  panicThreshold: 'autoscaling.knative.dev/panic-threshold-percentage',
  scaleToZeroRetention: 'autoscaling.knative.dev/scale-to-zero-pod-retention-period',
} as const;

/** The Knative Pod Autoscaler, the one class that scales on concurrency and to zero. */
export const KPA_CLASS = 'kpa.autoscaling.knative.dev';

/** Raised when a local setting has no valid Knative equivalent (Knative's own bounds). */
export class KnativeMappingError extends Error {
  readonly code = 'knative_mapping_out_of_range';
  constructor(message: string) {
    super(message);
    this.name = 'KnativeMappingError';
  }
}

/** A Go duration (`30s`, `1500ms`), the format of Knative's duration annotations. */
export function goDuration(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0) throw new KnativeMappingError(`duration must be a whole, non-negative number of ms, got ${ms}`);
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** A percentage as Knative reads it: a float, written without binary noise (10, 12.5). */
function percent(ratio: number): string {
  return String(Math.round(ratio * 100 * 1000) / 1000);
}

function inRange(what: string, value: number, min: number, max: number): number {
  if (!(value >= min && value <= max)) throw new KnativeMappingError(`${what} must be within ${min}..${max} for Knative, got ${value}`);
  return value;
}

/**
 * The revision annotations that make Knative's KPA scale a function as the local autoscaler
 * does. Platform-wide knobs with no per-revision key (max scale-down rate, tick interval) are
 * cluster settings (config-autoscaler) and are left out here.
 * @throws KnativeMappingError when a value is outside what Knative accepts (e.g. a stable window under 6 s).
 */
export function autoscalingAnnotations(scaling: FunctionScaling, settings: AutoscalerSettings): Record<string, string> {
  if (scaling.minInstances > scaling.maxInstances) {
    throw new KnativeMappingError(`minInstances (${scaling.minInstances}) exceeds maxInstances (${scaling.maxInstances})`);
  }
  inRange('maxInstances', scaling.maxInstances, 1, Number.MAX_SAFE_INTEGER);
  inRange('targetConcurrency', scaling.targetConcurrency, 0.01, scaling.maxConcurrency);
  inRange('stable window (ms)', settings.stableWindowMs, 6_000, 3_600_000);
  const panicWindowPercent = inRange(
    'panic window (% of the stable window)',
    (settings.panicWindowMs / settings.stableWindowMs) * 100,
    1,
    100,
  );
  const panicThresholdPercent = inRange('panic threshold (%)', settings.panicThreshold * 100, 110, 1000);
  const utilizationPercent = inRange('target utilization (%)', settings.targetUtilization * 100, 1, 100);
  return {
    [KNATIVE_ANNOTATIONS.class]: KPA_CLASS,
    [KNATIVE_ANNOTATIONS.metric]: 'concurrency',
    [KNATIVE_ANNOTATIONS.target]: String(scaling.targetConcurrency),
    [KNATIVE_ANNOTATIONS.targetUtilization]: percent(utilizationPercent / 100),
    [KNATIVE_ANNOTATIONS.minScale]: String(scaling.minInstances),
    [KNATIVE_ANNOTATIONS.maxScale]: String(scaling.maxInstances),
    [KNATIVE_ANNOTATIONS.window]: goDuration(settings.stableWindowMs),
    [KNATIVE_ANNOTATIONS.panicWindow]: percent(panicWindowPercent / 100),
    [KNATIVE_ANNOTATIONS.panicThreshold]: percent(panicThresholdPercent / 100),
    // Knative scales the last pod away once the stable window has seen no request; the local
    // platform waits `scaleToZeroAfterMs` of idleness. The difference, if any, is how long
    // Knative must keep the last pod after deciding.
    [KNATIVE_ANNOTATIONS.scaleToZeroRetention]: goDuration(Math.max(0, settings.scaleToZeroAfterMs - settings.stableWindowMs)),
  };
}
