/**
 * How the platform scales one function (Knative Serving's per-revision knobs, Lambda's
 * concurrency model). The Node platform's autoscaler reads these, and the Knative manifests are
 * generated from them, so the local behaviour and the deployed one are configured in one place.
 */
export interface FunctionScaling {
  /** Instances kept warm even when idle; 0 lets the function scale to zero (Knative min-scale). */
  readonly minInstances: number;
  /** Instances never exceeded; past `maxInstances x maxConcurrency` requests get 429 (max-scale). */
  readonly maxInstances: number;
  /** In-flight requests per instance the autoscaler aims for (Knative's soft target). */
  readonly targetConcurrency: number;
  /** In-flight requests one instance accepts at most (Knative containerConcurrency, hard). */
  readonly maxConcurrency: number;
}

/**
 * Defaults sized for a two-core laptop: every function may scale to zero and to two instances
 * (one per core); ten in flight per instance is where a Node instance of this platform still
 * answers its p99 (see docs/performance.md), one hundred is the hard cap before throttling.
 */
export const DEFAULT_SCALING: FunctionScaling = {
  minInstances: 0,
  maxInstances: 2,
  targetConcurrency: 10,
  maxConcurrency: 100,
};

/** A function's scaling: its own settings over the defaults. */
export function scalingOf(definition: { readonly scaling?: Partial<FunctionScaling> }): FunctionScaling {
  return { ...DEFAULT_SCALING, ...definition.scaling };
}
