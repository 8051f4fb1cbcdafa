/**
 * The metric catalogue: every metric Atlas Edge records, declared exactly once.
 *
 * The prom-client recorder registers every metric of this list (on Node and workerd alike),
 * the metrics sidecar aggregates pushes with the `aggregator` declared here, and dashboards and
 * alert rules reference these names. Conventions (brief): seconds for durations, `_total` for
 * counters, no per-instance or per-user labels (cardinality stays bounded).
 */

/** How the sidecar combines one series across instances (prom-client's aggregator names). */
export type MetricAggregator = 'sum' | 'max' | 'min' | 'average' | 'first' | 'omit';

/** Metric kinds recorded by the layer. */
export type MetricType = 'counter' | 'gauge' | 'histogram';

/** Declaration of one metric. */
export interface MetricDefinition {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly labelNames: readonly string[];
  /** Histogram bucket upper bounds, in the metric's unit (seconds). */
  readonly buckets?: readonly number[];
  readonly aggregator: MetricAggregator;
}

/**
 * Latency buckets in seconds: dense between 5 ms and 1 s where the SLOs live, sparse up to the
 * 30 s default deadline so timeouts still land in a finite bucket.
 */
export const LATENCY_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

/** Cold-start buckets in seconds: a Node instance starts in about a second, a busy machine takes longer. */
export const COLD_START_BUCKETS_SECONDS = [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30] as const;

export const METRICS = {
  httpRequestsTotal: {
    name: 'http_requests_total',
    help: 'HTTP requests answered, by function, route template, method and status class.',
    type: 'counter',
    labelNames: ['function', 'route', 'method', 'status_class'],
    aggregator: 'sum',
  },
  httpRequestDurationSeconds: {
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, from the first middleware to the response.',
    type: 'histogram',
    labelNames: ['function', 'route', 'method'],
    buckets: LATENCY_BUCKETS_SECONDS,
    aggregator: 'sum',
  },
  httpRequestsInFlight: {
    name: 'http_requests_in_flight',
    help: 'HTTP requests being processed right now.',
    type: 'gauge',
    labelNames: ['function'],
    aggregator: 'sum',
  },
  dependencyCallDurationSeconds: {
    name: 'dependency_call_duration_seconds',
    help: 'Duration of calls to a dependency through its policy, by operation and outcome.',
    type: 'histogram',
    labelNames: ['dependency', 'operation', 'outcome'],
    buckets: LATENCY_BUCKETS_SECONDS,
    aggregator: 'sum',
  },
  dependencyRetriesTotal: {
    name: 'dependency_retries_total',
    help: 'Retries of dependency calls (first attempts are not counted).',
    type: 'counter',
    labelNames: ['dependency'],
    aggregator: 'sum',
  },
  circuitBreakerState: {
    name: 'circuit_breaker_state',
    help: 'Circuit breaker state per dependency: 0 closed, 1 half-open, 2 open.',
    type: 'gauge',
    labelNames: ['dependency'],
    // The worst state of any instance is what an operator needs to see.
    aggregator: 'max',
  },
  loadShedRequestsTotal: {
    name: 'load_shed_requests_total',
    help: 'Requests rejected with 503 by the adaptive concurrency limiter.',
    type: 'counter',
    labelNames: ['function'],
    aggregator: 'sum',
  },
  concurrencyLimit: {
    name: 'concurrency_limit',
    help: 'Current adaptive concurrency limit (summed across instances: fleet capacity).',
    type: 'gauge',
    labelNames: ['function'],
    aggregator: 'sum',
  },
  rateLimitedRequestsTotal: {
    name: 'rate_limited_requests_total',
    help: 'Requests rejected with 429 by the per-user rate limit.',
    type: 'counter',
    labelNames: ['function'],
    aggregator: 'sum',
  },
  deadlineExceededTotal: {
    name: 'deadline_exceeded_total',
    help: 'Requests answered 504 because their deadline passed (including ones dropped unstarted).',
    type: 'counter',
    labelNames: ['function'],
    aggregator: 'sum',
  },
  platformLimitExceededTotal: {
    name: 'platform_limit_exceeded_total',
    help: 'Invocations that ran past a platform limit of their function (limit: subrequests, wall_time, or memory when an instance dies of its heap cap).',
    type: 'counter',
    labelNames: ['function', 'limit'],
    aggregator: 'sum',
  },
  bulkheadRejectedTotal: {
    name: 'bulkhead_rejected_total',
    help: 'Dependency calls rejected because the bulkhead and its queue were full.',
    type: 'counter',
    labelNames: ['dependency'],
    aggregator: 'sum',
  },
  retryBudgetExhaustedTotal: {
    name: 'retry_budget_exhausted_total',
    help: 'Retries not attempted because the retry budget of the dependency was empty.',
    type: 'counter',
    labelNames: ['dependency'],
    aggregator: 'sum',
  },
  outboxPublishedTotal: {
    name: 'outbox_published_total',
    help: 'Outbox events published to Kafka by the outbox relay, by topic.',
    type: 'counter',
    labelNames: ['topic'],
    aggregator: 'sum',
  },
  outboxBacklogRows: {
    name: 'outbox_backlog_rows',
    help: 'Outbox rows not yet published (the whole table: every relay sees the same number).',
    type: 'gauge',
    labelNames: [],
    // Each relay instance measures the same table: summing would count it once per instance.
    aggregator: 'max',
  },
  outboxOldestUnpublishedAgeSeconds: {
    name: 'outbox_oldest_unpublished_age_seconds',
    help: 'Age of the oldest unpublished outbox row in seconds (outbox lag; 0 when empty).',
    type: 'gauge',
    labelNames: [],
    aggregator: 'max',
  },
  platformInstances: {
    name: 'platform_instances',
    help: 'Instances of a function on the Node platform, by state (starting, ready, draining).',
    type: 'gauge',
    labelNames: ['function', 'state'],
    // One platform process owns every pool: its figure is the whole count.
    aggregator: 'max',
  },
  platformColdStartSeconds: {
    name: 'platform_cold_start_seconds',
    help: 'Time from launching an instance to its being ready to serve, in seconds.',
    type: 'histogram',
    labelNames: ['function'],
    buckets: COLD_START_BUCKETS_SECONDS,
    aggregator: 'sum',
  },
  platformThrottledTotal: {
    name: 'platform_throttled_total',
    help: 'Requests the gateway answered 429 because the function was at max instances x max concurrency.',
    type: 'counter',
    labelNames: ['function'],
    aggregator: 'sum',
  },
  platformColdStartRequestsTotal: {
    name: 'platform_cold_start_requests_total',
    help: 'Requests the activator held while an instance of the function cold-started.',
    type: 'counter',
    labelNames: ['function'],
    aggregator: 'sum',
  },
} as const satisfies Record<string, MetricDefinition>;

/** Key of a metric in {@link METRICS}. */
export type MetricKey = keyof typeof METRICS;

/** Keys of metrics of a given type. */
export type MetricKeyOfType<T extends MetricType> = {
  [K in MetricKey]: (typeof METRICS)[K]['type'] extends T ? K : never;
}[MetricKey];

/** The label object a metric requires: exactly its declared label names. */
export type MetricLabels<K extends MetricKey> = {
  readonly [L in (typeof METRICS)[K]['labelNames'][number]]: string;
};

/** Every declared metric, for recorders that register them all up front. */
export const ALL_METRICS: readonly MetricDefinition[] = Object.values(METRICS);
