import type { FunctionScaling } from '#shared/app/scaling.ts';
import type { AutoscalerSettings } from './autoscaler-settings.ts';
import { ConcurrencyWindow } from './concurrency-window.ts';

/** One decision of the autoscaler, with the figures it was made from (logged, tested). */
export interface ScaleDecision {
  readonly desired: number;
  readonly mode: 'stable' | 'panic';
  readonly stableConcurrency: number;
  readonly panicConcurrency: number;
  readonly reason: 'load' | 'panic-hold' | 'scale-to-zero' | 'idle-hold' | 'bounds';
}

/**
 * Knative's KPA for one function, without the cluster: desired instances =
 * ceil(average concurrency / (target x utilization)) over the stable window; a burst that would
 * need `panicThreshold` times the current instances over the panic window starts *panic mode*,
 * in which the count follows the panic window and never goes down until a whole stable window
 * passes without a burst. Scale-in is at most `maxScaleDownRate` per decision; zero only after
 * `scaleToZeroAfterMs` without a request. Pure: time comes from the caller.
 */
export class Autoscaler {
  private readonly scaling: FunctionScaling;
  private readonly settings: AutoscalerSettings;
  private readonly window: ConcurrencyWindow;
  private panicSince: number | undefined;
  private lastActivityAt: number;

  constructor(scaling: FunctionScaling, settings: AutoscalerSettings, now: number) {
    this.scaling = scaling;
    this.settings = settings;
    this.window = new ConcurrencyWindow(settings.stableWindowMs);
    this.lastActivityAt = now;
  }

  /**
   * Feeds one tick: the time-weighted average concurrency (in flight plus held by the
   * activator) and whether any request was seen during it.
   */
  observe(now: number, averageConcurrency: number, active: boolean): void {
    this.window.record(now, averageConcurrency);
    if (active) this.lastActivityAt = now;
  }

  /** A request arrived (wakes a function at zero without waiting for the next tick). */
  touch(now: number): void {
    this.lastActivityAt = now;
  }

  /** How many instances the function should have now, given `current` (ready or starting). */
  decide(now: number, current: number): ScaleDecision {
    const perInstance = this.scaling.targetConcurrency * this.settings.targetUtilization;
    const stableConcurrency = this.window.average(now, this.settings.stableWindowMs);
    const panicConcurrency = this.window.average(now, this.settings.panicWindowMs);
    const stableWant = Math.ceil(stableConcurrency / perInstance);
    const panicWant = Math.ceil(panicConcurrency / perInstance);
    const figures = { stableConcurrency, panicConcurrency };

    if (current > 0 && panicWant / current >= this.settings.panicThreshold) this.panicSince = now;
    else if (this.panicSince !== undefined && now - this.panicSince >= this.settings.stableWindowMs) this.panicSince = undefined;

    const idleFor = now - this.lastActivityAt;
    const bound = (n: number): number => Math.min(this.scaling.maxInstances, Math.max(this.scaling.minInstances, n));
    if (this.panicSince !== undefined) {
      const desired = bound(Math.max(current, panicWant));
      return { desired, mode: 'panic', ...figures, reason: desired > current ? 'load' : 'panic-hold' };
    }
    if (stableWant === 0) {
      // Nothing in flight for a whole stable window: hold one instance until the idle period
      // is over, then let min-instances decide (zero when allowed).
      if (idleFor < this.settings.scaleToZeroAfterMs && current > 0) {
        return {
          desired: bound(Math.max(1, Math.ceil(current / this.settings.maxScaleDownRate))),
          mode: 'stable',
          ...figures,
          reason: 'idle-hold',
        };
      }
      return { desired: bound(0), mode: 'stable', ...figures, reason: this.scaling.minInstances === 0 ? 'scale-to-zero' : 'bounds' };
    }
    const floor = Math.ceil(current / this.settings.maxScaleDownRate);
    const desired = bound(Math.max(stableWant, floor));
    return { desired, mode: 'stable', ...figures, reason: desired === stableWant ? 'load' : 'bounds' };
  }
}
