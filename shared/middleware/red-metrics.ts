import type { MiddlewareHandler } from 'hono';
import type { MetricsRecorder } from '../observability/metrics-recorder.port.ts';
import { routeTemplate } from './route-template.ts';
import type { AppEnv } from './app-env.ts';

/** Options of {@link redMetrics}. */
export interface RedMetricsOptions {
  functionName: string;
  metrics: MetricsRecorder;
  now?: () => number;
}

const STATUS_CLASS = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * RED metrics per function, route template, method and status class (ADR 0011): rate and
 * errors from `http_requests_total`, duration from `http_request_duration_seconds`, plus
 * `http_requests_in_flight`. Installed outside the shedder so rejected requests are counted.
 */
export function redMetrics(options: RedMetricsOptions): MiddlewareHandler<AppEnv> {
  const { functionName, metrics, now = () => performance.now() } = options;
  const fnLabels = { function: functionName };
  return async function redMetrics(c, next) {
    const started = now();
    metrics.add('httpRequestsInFlight', fnLabels, 1);
    try {
      await next();
    } finally {
      metrics.add('httpRequestsInFlight', fnLabels, -1);
      const route = routeTemplate(c);
      const method = KNOWN_METHODS.has(c.req.method) ? c.req.method : 'OTHER';
      const statusClass = STATUS_CLASS[Math.floor(c.res.status / 100) - 1] ?? '5xx';
      metrics.increment('httpRequestsTotal', { function: functionName, route, method, status_class: statusClass });
      metrics.observe('httpRequestDurationSeconds', { function: functionName, route, method }, (now() - started) / 1000);
    }
  };
}
