/**
 * Average concurrency over sliding windows, as Knative's autoscaler sees it: the pool reports
 * one time-weighted average per tick, and the windows average the ticks they hold. Pure: the
 * caller passes the clock.
 */
export class ConcurrencyWindow {
  private readonly samples: { at: number; value: number }[] = [];
  private readonly spanMs: number;

  constructor(spanMs: number) {
    this.spanMs = spanMs;
  }

  /** Records the average concurrency of the tick that ended at `at`. */
  record(at: number, value: number): void {
    this.samples.push({ at, value });
    while (this.samples.length > 0 && (this.samples[0]?.at ?? at) <= at - this.spanMs) this.samples.shift();
  }

  /** Average of the samples within `windowMs` before `now` (0 when there are none). */
  average(now: number, windowMs: number = this.spanMs): number {
    let sum = 0;
    let count = 0;
    for (const sample of this.samples) {
      if (sample.at > now - windowMs) {
        sum += sample.value;
        count += 1;
      }
    }
    return count === 0 ? 0 : sum / count;
  }
}

/**
 * Time-weighted in-flight count between two reads: the integral of the level over time divided
 * by the time, so a request that lasted 5 ms of a 1 s tick counts as 0.005, not as 1.
 */
export class ConcurrencyMeter {
  private level = 0;
  private integral = 0;
  private since: number;
  private changedAt: number;
  private peak = 0;

  constructor(now: number) {
    this.since = now;
    this.changedAt = now;
  }

  /** The level changes by `delta` (+1 a request begins, -1 it ends) at `now`. */
  change(now: number, delta: number): void {
    this.integral += this.level * (now - this.changedAt);
    this.changedAt = now;
    this.level += delta;
    this.peak = Math.max(this.peak, this.level);
  }

  /** Current level. */
  get current(): number {
    return this.level;
  }

  /** Average and peak level since the last read, then starts a new period at `now`. */
  read(now: number): { average: number; peak: number } {
    this.integral += this.level * (now - this.changedAt);
    const span = now - this.since;
    const average = span > 0 ? this.integral / span : this.level;
    const peak = this.peak;
    this.integral = 0;
    this.since = now;
    this.changedAt = now;
    this.peak = this.level;
    return { average, peak };
  }
}
