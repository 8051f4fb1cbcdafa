import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Runtime } from '../metric-model.ts';

/** Bucket bounds of the simulated request histogram (seconds). */
export const SIM_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;

/**
 * A stand-in for one function instance (Node process or workerd isolate): a real prom-client
 * registry with a few of the brief's metric names, so the sidecar sees exactly what
 * `getMetricsAsJSON()` produces. Tests keep their own truth beside it.
 */
export class SimulatedInstance {
  readonly registry = new Registry();
  readonly requests: Counter<'function' | 'route' | 'method' | 'status_class'>;
  readonly duration: Histogram<'function' | 'route' | 'method'>;
  readonly inFlight: Gauge<'function'>;
  readonly breaker: Gauge<'dependency'>;
  readonly shed: Counter<'function'>;
  readonly id: string;
  readonly fn: string;
  readonly runtime: Runtime;
  readonly startedAt: number;

  constructor(init: { id: string; fn: string; runtime: Runtime; startedAt: number }) {
    ({ id: this.id, fn: this.fn, runtime: this.runtime, startedAt: this.startedAt } = init);
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests',
      labelNames: ['function', 'route', 'method', 'status_class'],
      registers,
    });
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['function', 'route', 'method'],
      buckets: [...SIM_BUCKETS],
      registers,
    });
    this.inFlight = new Gauge({ name: 'http_requests_in_flight', help: 'in flight', labelNames: ['function'], registers });
    this.breaker = new Gauge({
      name: 'circuit_breaker_state',
      help: 'breaker state',
      labelNames: ['dependency'],
      aggregator: 'max',
      registers,
    });
    this.shed = new Counter({ name: 'load_shed_requests_total', help: 'shed', labelNames: ['function'], registers });
  }

  /** The push body the contract defines, round-tripped through JSON like the wire does. */
  async payload(): Promise<unknown> {
    const body = {
      instance: { id: this.id, function: this.fn, runtime: this.runtime, startedAt: this.startedAt },
      metrics: await this.registry.getMetricsAsJSON(),
    };
    return JSON.parse(JSON.stringify(body));
  }
}
