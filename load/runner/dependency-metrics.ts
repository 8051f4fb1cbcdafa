/**
 * Per-dependency figures of the gray scenario, read from the metrics sidecar (the numbers
 * Prometheus scrapes): calls (`dependency_call_duration_seconds_count`), retries
 * (`dependency_retries_total`), retries refused by the budget, and each breaker's state,
 * polled once a second so the report can say when a breaker opened and closed. Instances push
 * every 5 s, so a transition is seen up to ~5 s after it happened.
 */

/** Cumulative counters and current breaker state per dependency. */
export interface DependencySnapshot {
  readonly at: number;
  readonly calls: Record<string, number>;
  /** Seconds spent in those calls (`dependency_call_duration_seconds_sum`). */
  readonly callSeconds: Record<string, number>;
  readonly retries: Record<string, number>;
  readonly budgetExhausted: Record<string, number>;
  /** Worst state over instances: 0 closed, 1 half-open, 2 open. */
  readonly breaker: Record<string, number>;
}

/** A breaker state change seen by the poller. */
export interface BreakerTransition {
  readonly at: number;
  readonly dependency: string;
  readonly from: number;
  readonly to: number;
}

const labelsOf = (text: string | undefined): Record<string, string> =>
  Object.fromEntries([...(text ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']));

/** Parses the sidecar's exposition text; series of functions not under test are left out. */
export function parseDependencyMetrics(text: string, at: number, functions?: readonly string[]): DependencySnapshot {
  const snapshot: DependencySnapshot = { at, calls: {}, callSeconds: {}, retries: {}, budgetExhausted: {}, breaker: {} };
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-z_]+)(?:\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels = labelsOf(match[2]);
    const dependency = labels['dependency'];
    if (!dependency || (labels['function'] !== undefined && functions && !functions.includes(labels['function']))) continue;
    const value = Number(match[3]);
    const add = (into: Record<string, number>): void => {
      into[dependency] = (into[dependency] ?? 0) + value;
    };
    if (match[1] === 'dependency_call_duration_seconds_count') add(snapshot.calls);
    else if (match[1] === 'dependency_call_duration_seconds_sum') add(snapshot.callSeconds);
    else if (match[1] === 'dependency_retries_total') add(snapshot.retries);
    else if (match[1] === 'retry_budget_exhausted_total') add(snapshot.budgetExhausted);
    else if (match[1] === 'circuit_breaker_state') snapshot.breaker[dependency] = Math.max(snapshot.breaker[dependency] ?? 0, value);
  }
  return snapshot;
}

/** Breaker changes between consecutive snapshots. */
export function breakerTransitions(snapshots: readonly DependencySnapshot[]): BreakerTransition[] {
  const out: BreakerTransition[] = [];
  for (let i = 1; i < snapshots.length; i++) {
    const before = snapshots[i - 1];
    const now = snapshots[i];
    if (!before || !now) continue;
    for (const [dependency, to] of Object.entries(now.breaker)) {
      const from = before.breaker[dependency] ?? 0;
      if (from !== to) out.push({ at: now.at, dependency, from, to });
    }
  }
  return out;
}

/** Counter deltas between two snapshots, per dependency. */
export function counterDelta(from: Record<string, number>, to: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(to).map(([key, value]) => [key, Math.max(0, value - (from[key] ?? 0))]));
}

/** Polls the sidecar every `intervalMs` until stopped. */
export function pollDependencyMetrics(
  url: string,
  functions: readonly string[],
  intervalMs = 1000,
): { latest(): DependencySnapshot | undefined; stop(): Promise<DependencySnapshot[]> } {
  const snapshots: DependencySnapshot[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(800) });
        if (response.ok) snapshots.push(parseDependencyMetrics(await response.text(), started, functions));
      } catch {
        // A missed poll is a gap in the breaker timeline, not a failed run.
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, intervalMs - (Date.now() - started))));
    }
  })();
  return {
    latest: () => snapshots.at(-1),
    async stop() {
      stopped = true;
      await loop;
      return snapshots;
    },
  };
}
