import type { MetricsRecorder } from '#shared/observability/metrics-recorder.port.ts';
import type { InstancePool, PoolEvent } from './instance-pool.ts';
import { OUT_OF_MEMORY } from './instance-process.ts';

const STATES = ['starting', 'ready', 'draining'] as const;

/** Turns pool events into the platform's metrics (cold starts, throttles, held requests). */
export function recordPoolEvent(metrics: MetricsRecorder, event: PoolEvent): void {
  const labels = { function: event.function };
  if (event.type === 'instance-ready') metrics.observe('platformColdStartSeconds', labels, event.coldStartMs / 1000);
  if (event.type === 'throttled') metrics.increment('platformThrottledTotal', labels);
  if (event.type === 'held') metrics.increment('platformColdStartRequestsTotal', labels);
  // An instance killed by its heap cap is the memory limit, as production counts it.
  if (event.type === 'instance-crashed' && event.detail.startsWith(OUT_OF_MEMORY))
    metrics.increment('platformLimitExceededTotal', { ...labels, limit: 'memory' });
}

/** Sets the instances gauge of every function from its pool's current view. */
export function recordInstances(metrics: MetricsRecorder, pools: Iterable<InstancePool>): void {
  for (const pool of pools) {
    const view = pool.view();
    for (const state of STATES) {
      metrics.set('platformInstances', { function: pool.functionName, state }, view.filter((instance) => instance.state === state).length);
    }
  }
}
