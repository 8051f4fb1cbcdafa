import { createMetricsPusher } from '../observability/metrics-push.ts';
import type { MetricsPusher } from '../observability/metrics-push.ts';
import type { PlatformReliability } from './platform-reliability.ts';

/** Where pushes go (`AppConfig['metrics']`). */
export interface MetricsPushTarget {
  readonly sidecarUrl: string;
  readonly pushToken: string;
}

/**
 * The push client of one function instance: its reliability state's recorder under its name
 * (ADR 0013). Every runtime path uses it (Node HTTP and triggers, workerd fetch and cron), so
 * instances are identified and failures logged the same way everywhere.
 */
export function createReliabilityMetricsPusher(
  reliability: PlatformReliability,
  runtime: 'node' | 'workerd',
  target: MetricsPushTarget,
): MetricsPusher {
  return createMetricsPusher({
    url: target.sidecarUrl,
    token: target.pushToken,
    function: reliability.functionName,
    runtime,
    collect: () => reliability.metrics.metricsAsJson(),
    // Best effort: a missing sidecar only costs a refused connection per push.
    onError: (error) => reliability.logger.debug('metrics push failed', { errorCode: error.code, errorMessage: error.message }),
  });
}
