import type { MetricsPusher, MetricsPushResult } from './metrics-push.ts';

export interface PeriodicMetricsPushOptions {
  /** Time between pushes (default 5000 ms, the Prometheus scrape interval). */
  intervalMs?: number;
}

/** A running periodic push; `stop` is what a graceful shutdown calls last. */
export interface PeriodicMetricsPush {
  /** Stops the timer and makes a final push so nothing counted since the last one is lost. */
  stop(signal?: AbortSignal): Promise<MetricsPushResult>;
}

/**
 * Pushes an instance's metrics every `intervalMs` (long-lived runtimes: the Node host). Pushes
 * immediately too, so the sidecar knows the instance from its start. The timer does not keep the
 * process alive.
 */
export function startPeriodicMetricsPush(pusher: MetricsPusher, options: PeriodicMetricsPushOptions = {}): PeriodicMetricsPush {
  const { intervalMs = 5_000 } = options;
  void pusher.push();
  const timer = setInterval(() => void pusher.push(), intervalMs);
  // Node's timers have unref(); a periodic push must not block process exit.
  (timer as { unref?: () => void }).unref?.();
  let stopped: Promise<MetricsPushResult> | undefined;
  return {
    stop(signal) {
      stopped ??= (clearInterval(timer), pusher.push(signal));
      return stopped;
    },
  };
}
