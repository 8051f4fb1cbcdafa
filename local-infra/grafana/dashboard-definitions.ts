import { dashboard, labelVariable, row, stat, timeseries } from './panels.ts';

const F = 'function=~"$function"';
const D = 'dependency=~"$dependency"';
const functionVar = labelVariable('function', 'http_requests_total', 'function');
const dependencyVar = labelVariable('dependency', 'dependency_call_duration_seconds_count', 'dependency');
const BREAKER_STATES = { 0: 'closed', 1: 'half-open', 2: 'open' };

/** RED per function and route: rate, errors, duration. */
export const redDashboard = dashboard({
  uid: 'atlas-red',
  title: 'Atlas Edge / RED per function',
  description: 'Request rate, error ratio (5xx) and latency per function and route, from the recording rules in red.rules.yml.',
  variables: [functionVar],
  panels: [
    row('Per function'),
    timeseries({
      title: 'Request rate',
      unit: 'reqps',
      width: 8,
      queries: [{ expr: `function:http_requests:rate5m{${F}}`, legend: '{{function}}' }],
    }),
    timeseries({
      title: 'Error ratio (5xx)',
      unit: 'percentunit',
      width: 8,
      queries: [{ expr: `function:http_request_errors:ratio_rate5m{${F}}`, legend: '{{function}}' }],
    }),
    timeseries({
      title: 'Latency p50 / p95 / p99',
      unit: 's',
      width: 8,
      queries: [
        { expr: `function:http_request_duration_seconds:p50_5m{${F}}`, legend: '{{function}} p50' },
        { expr: `function:http_request_duration_seconds:p95_5m{${F}}`, legend: '{{function}} p95' },
        { expr: `function:http_request_duration_seconds:p99_5m{${F}}`, legend: '{{function}} p99' },
      ],
    }),
    row('Per route'),
    timeseries({
      title: 'Request rate by route',
      unit: 'reqps',
      queries: [{ expr: `function_route:http_requests:rate5m{${F}}`, legend: '{{function}} {{route}}' }],
    }),
    timeseries({
      title: 'Error ratio by route',
      unit: 'percentunit',
      queries: [{ expr: `function_route:http_request_errors:ratio_rate5m{${F}}`, legend: '{{function}} {{route}}' }],
    }),
    timeseries({
      title: 'p99 latency by route',
      unit: 's',
      queries: [{ expr: `function_route:http_request_duration_seconds:p99_5m{${F}}`, legend: '{{function}} {{route}}' }],
    }),
    timeseries({
      title: 'Responses by status class',
      unit: 'reqps',
      queries: [
        {
          expr: `sum by (function, status_class) (rate(http_requests_total{${F}}[$__rate_interval]))`,
          legend: '{{function}} {{status_class}}',
        },
      ],
    }),
    timeseries({
      title: 'In flight',
      width: 24,
      queries: [{ expr: `sum by (function) (http_requests_in_flight{${F}})`, legend: '{{function}}' }],
    }),
    row('Platform (Node): instances and cold starts'),
    timeseries({
      title: 'Instances by state',
      width: 8,
      queries: [{ expr: `max by (function, state) (platform_instances{${F}})`, legend: '{{function}} {{state}}' }],
    }),
    timeseries({
      title: 'Request rate beside instances',
      unit: 'reqps',
      width: 8,
      queries: [{ expr: `function:http_requests:rate5m{${F}}`, legend: '{{function}}' }],
    }),
    timeseries({
      title: 'Cold start p50 / p99',
      unit: 's',
      width: 8,
      queries: [
        {
          expr: `histogram_quantile(0.5, sum by (function, le) (rate(platform_cold_start_seconds_bucket{${F}}[$__rate_interval])))`,
          legend: '{{function}} p50',
        },
        {
          expr: `histogram_quantile(0.99, sum by (function, le) (rate(platform_cold_start_seconds_bucket{${F}}[$__rate_interval])))`,
          legend: '{{function}} p99',
        },
      ],
    }),
    timeseries({
      title: 'Throttled (429) and held for a cold start',
      unit: 'reqps',
      width: 24,
      queries: [
        { expr: `sum by (function) (rate(platform_throttled_total{${F}}[$__rate_interval]))`, legend: '{{function}} throttled' },
        { expr: `sum by (function) (rate(platform_cold_start_requests_total{${F}}[$__rate_interval]))`, legend: '{{function}} held' },
      ],
    }),
  ],
});

/** Dependencies: call rate, errors, latency, retries, bulkheads. */
export const dependenciesDashboard = dashboard({
  uid: 'atlas-dependencies',
  title: 'Atlas Edge / Dependencies',
  description:
    'Calls to Postgres, Redis, Kafka and S3 through their policies: latency, failures, retries, bulkhead and retry-budget rejections.',
  variables: [dependencyVar],
  panels: [
    timeseries({
      title: 'Call rate',
      unit: 'ops',
      width: 8,
      queries: [{ expr: `dependency:dependency_calls:rate5m{${D}}`, legend: '{{dependency}}' }],
    }),
    timeseries({
      title: 'Failure ratio (error, timeout, rejected)',
      unit: 'percentunit',
      width: 8,
      queries: [{ expr: `dependency:dependency_call_errors:ratio_rate5m{${D}}`, legend: '{{dependency}}' }],
    }),
    timeseries({
      title: 'Latency p95 / p99',
      unit: 's',
      width: 8,
      queries: [
        { expr: `dependency:dependency_call_duration_seconds:p95_5m{${D}}`, legend: '{{dependency}} p95' },
        { expr: `dependency:dependency_call_duration_seconds:p99_5m{${D}}`, legend: '{{dependency}} p99' },
      ],
    }),
    timeseries({
      title: 'Outcomes',
      unit: 'ops',
      queries: [
        {
          expr: `sum by (dependency, outcome) (rate(dependency_call_duration_seconds_count{${D}}[$__rate_interval]))`,
          legend: '{{dependency}} {{outcome}}',
        },
      ],
    }),
    timeseries({
      title: 'Retries, bulkhead and retry-budget rejections',
      unit: 'ops',
      queries: [
        { expr: `dependency:dependency_retries:rate5m{${D}}`, legend: '{{dependency}} retries' },
        { expr: `sum by (dependency) (rate(bulkhead_rejected_total{${D}}[$__rate_interval]))`, legend: '{{dependency}} bulkhead full' },
        { expr: `sum by (dependency) (rate(retry_budget_exhausted_total{${D}}[$__rate_interval]))`, legend: '{{dependency}} budget empty' },
      ],
    }),
  ],
});

/** Breakers, shedding, rate limiting, deadlines. */
export const protectionDashboard = dashboard({
  uid: 'atlas-protection',
  title: 'Atlas Edge / Breakers, shedding and rate limits',
  description:
    'The reliability layer at work: breaker states (worst instance), load shed, rate-limited and deadline-exceeded requests, adaptive concurrency limit.',
  variables: [functionVar],
  panels: [
    stat({
      title: 'Circuit breakers (worst instance)',
      width: 24,
      height: 4,
      mappings: BREAKER_STATES,
      queries: [{ expr: 'max by (dependency) (circuit_breaker_state)', legend: '{{dependency}}' }],
    }),
    timeseries({
      title: 'Breaker state over time',
      mappings: BREAKER_STATES,
      queries: [{ expr: 'max by (dependency) (circuit_breaker_state)', legend: '{{dependency}}' }],
    }),
    timeseries({
      title: 'Load shed (503)',
      unit: 'reqps',
      queries: [{ expr: `function:load_shed_requests:rate5m{${F}}`, legend: '{{function}}' }],
    }),
    timeseries({
      title: 'Rate limited (429)',
      unit: 'reqps',
      queries: [{ expr: `function:rate_limited_requests:rate5m{${F}}`, legend: '{{function}}' }],
    }),
    timeseries({
      title: 'Deadline exceeded (504)',
      unit: 'reqps',
      queries: [{ expr: `function:deadline_exceeded:rate5m{${F}}`, legend: '{{function}}' }],
    }),
    timeseries({
      title: 'Adaptive concurrency limit (fleet) vs in flight',
      width: 24,
      queries: [
        { expr: `sum by (function) (concurrency_limit{${F}})`, legend: '{{function}} limit' },
        { expr: `sum by (function) (http_requests_in_flight{${F}})`, legend: '{{function}} in flight' },
      ],
    }),
  ],
});

const burn = (window: string) => `slo:sli_error:ratio_rate${window}{${F}} / on (function, slo) (1 - slo:objective:ratio)`;

/** SLO burn rates per function and SLO, plus the health of the metrics pipeline behind them. */
export const sloDashboard = dashboard({
  uid: 'atlas-slo',
  title: 'Atlas Edge / SLO burn',
  description:
    'Error-budget burn rate per function and SLO (1 = spending exactly the 30-day budget). Alerts: 14.4x over 1h & 5m, 6x over 6h & 30m, 1x over 3d & 6h.',
  variables: [functionVar],
  panels: [
    stat({ title: 'Burn rate, last hour', width: 24, height: 5, queries: [{ expr: burn('1h'), legend: '{{function}} {{slo}}' }] }),
    timeseries({ title: 'Burn rate over 5m', queries: [{ expr: burn('5m'), legend: '{{function}} {{slo}}' }] }),
    timeseries({ title: 'Burn rate over 6h', queries: [{ expr: burn('6h'), legend: '{{function}} {{slo}}' }] }),
    timeseries({
      title: 'SLI error ratio over 1h',
      unit: 'percentunit',
      queries: [{ expr: `slo:sli_error:ratio_rate1h{${F}}`, legend: '{{function}} {{slo}}' }],
    }),
    timeseries({
      title: 'Firing SLO alerts',
      queries: [
        {
          expr: 'sum by (alertname, function, slo) (ALERTS{alertstate="firing", alertname=~"ErrorBudgetBurn.*"})',
          legend: '{{alertname}} {{function}} {{slo}}',
        },
      ],
    }),
    row('Metrics pipeline'),
    stat({
      title: 'Sidecar up',
      width: 6,
      height: 4,
      mappings: { 0: 'DOWN', 1: 'up' },
      queries: [{ expr: 'up{job="atlas-functions"}', legend: '{{instance}}' }],
    }),
    timeseries({ title: 'Pushing instances', width: 9, queries: [{ expr: 'metrics_sidecar_instances', legend: '{{runtime}}' }] }),
    timeseries({
      title: 'Refused pushes',
      unit: 'ops',
      width: 9,
      queries: [{ expr: 'sum by (reason) (rate(metrics_sidecar_refused_total[$__rate_interval]))', legend: '{{reason}}' }],
    }),
  ],
});

/** Every provisioned dashboard by file name. */
export const DASHBOARDS: Readonly<Record<string, Record<string, unknown>>> = {
  'red.json': redDashboard,
  'dependencies.json': dependenciesDashboard,
  'protection.json': protectionDashboard,
  'slo.json': sloDashboard,
};
