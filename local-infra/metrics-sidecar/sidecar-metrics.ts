import { Counter, Gauge, Registry } from 'prom-client';

/** Every reason a push (or part of one) is refused; pre-initialised so rates exist from the start. */
export const REFUSAL_REASONS = [
  'unauthorized',
  'forbidden',
  'malformed',
  'too_large',
  'instance_cap',
  'series_cap',
  'type_conflict',
  'reserved_name',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface SidecarStats {
  instances: Record<string, number>;
  series: number;
  retiredSeries: number;
}

/** The sidecar's own health metrics, exported after the aggregated ones on `/metrics`. */
export class SidecarMetrics {
  readonly registry = new Registry();
  readonly refused: Counter<'reason'>;
  readonly pushes: Counter<'runtime'>;
  readonly resets: Counter;
  readonly retiredInstances: Counter;

  constructor(stats: () => SidecarStats) {
    const registers = [this.registry];
    this.refused = new Counter({
      name: 'metrics_sidecar_refused_total',
      help: 'Pushes, or series within a push, the sidecar refused, by reason (auth, malformed, size, caps).',
      labelNames: ['reason'],
      registers,
    });
    for (const reason of REFUSAL_REASONS) this.refused.inc({ reason }, 0);
    this.pushes = new Counter({
      name: 'metrics_sidecar_pushes_total',
      help: 'Pushes applied, by runtime of the pushing instance.',
      labelNames: ['runtime'],
      registers,
    });
    for (const runtime of ['node', 'workerd']) this.pushes.inc({ runtime }, 0);
    this.resets = new Counter({
      name: 'metrics_sidecar_counter_resets_total',
      help: 'Counter resets detected (restart, value going down, series vanishing) and folded into retired totals.',
      registers,
    });
    this.retiredInstances = new Counter({
      name: 'metrics_sidecar_retired_instances_total',
      help: 'Instances that stopped pushing and were retired (their counts kept, their gauges dropped).',
      registers,
    });
    new Gauge({
      name: 'metrics_sidecar_instances',
      help: 'Instances currently tracked, by runtime.',
      labelNames: ['runtime'],
      registers,
      collect() {
        for (const [runtime, n] of Object.entries(stats().instances)) this.set({ runtime }, n);
      },
    });
    new Gauge({
      name: 'metrics_sidecar_series',
      help: 'Distinct series held (live and retired), bounded by the series cap.',
      registers,
      collect() {
        this.set(stats().series);
      },
    });
  }
}
