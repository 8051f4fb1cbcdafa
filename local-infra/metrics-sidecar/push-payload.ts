import { z } from 'zod';
import { AGGREGATORS } from './metric-model.ts';
import type { MetricFamily, PushPayload, SeriesValue } from './metric-model.ts';

/** Prometheus' data model: metric and label names (https://prometheus.io/docs/concepts/data_model/). */
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Limits that keep one push cheap to validate; the byte limit is enforced before parsing. */
export const PAYLOAD_LIMITS = {
  maxFamilies: 500,
  maxValuesPerFamily: 20_000,
  maxLabelsPerSeries: 16,
  maxLabelValueLength: 256,
  maxHelpLength: 1024,
} as const;

const labelValue = z.union([z.string().max(PAYLOAD_LIMITS.maxLabelValueLength), z.number()]);

const valueSchema = z.object({
  value: z.number().refine((v) => !Number.isNaN(v), 'value must be a number'),
  labels: z
    .record(z.string().regex(LABEL_NAME, 'invalid label name'), labelValue)
    .refine((l) => Object.keys(l).length <= PAYLOAD_LIMITS.maxLabelsPerSeries, 'too many labels')
    .default({}),
  metricName: z.string().regex(METRIC_NAME, 'invalid metric name').optional(),
});

const familySchema = z.object({
  name: z.string().regex(METRIC_NAME, 'invalid metric name'),
  help: z.string().max(PAYLOAD_LIMITS.maxHelpLength).default(''),
  type: z.enum(['counter', 'gauge', 'histogram', 'summary']),
  aggregator: z.enum(AGGREGATORS).default('sum'),
  values: z.array(valueSchema).max(PAYLOAD_LIMITS.maxValuesPerFamily),
});

const payloadSchema = z.object({
  instance: z.object({
    id: z.string().min(1).max(128),
    function: z.string().min(1).max(64),
    runtime: z.enum(['node', 'workerd']),
    startedAt: z.union([z.number().finite().nonnegative(), z.iso.datetime({ offset: true })]),
  }),
  metrics: z.array(familySchema).max(PAYLOAD_LIMITS.maxFamilies),
});

/** A push the sidecar will not apply; `fields` lists the offending paths for the problem body. */
export class PushPayloadError extends Error {
  readonly code = 'MALFORMED_PUSH';
  readonly fields: readonly { path: string; message: string }[];
  constructor(message: string, fields: readonly { path: string; message: string }[] = []) {
    super(message);
    this.name = 'PushPayloadError';
    this.fields = fields;
  }
}

/**
 * Validates a push body (already JSON-parsed) and normalises it: label values become strings,
 * `startedAt` epoch milliseconds, every value carries its full series name.
 * @throws PushPayloadError when the body does not match the push contract.
 */
export function parsePushPayload(body: unknown): PushPayload {
  const parsed = payloadSchema.safeParse(body);
  if (!parsed.success) {
    const fields = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new PushPayloadError('push body does not match the metrics push contract', fields);
  }
  const { instance, metrics } = parsed.data;
  const names = new Set<string>();
  const families: MetricFamily[] = [];
  for (const [i, f] of metrics.entries()) {
    if (names.has(f.name)) {
      throw new PushPayloadError('duplicate metric family', [{ path: `metrics.${i}.name`, message: `${f.name} appears twice` }]);
    }
    names.add(f.name);
    const values: SeriesValue[] = f.values.map((v) => ({
      metricName: v.metricName ?? f.name,
      labels: Object.fromEntries(Object.entries(v.labels).map(([k, lv]) => [k, labelString(lv)])),
      value: v.value,
    }));
    families.push({ name: f.name, help: f.help, type: f.type, aggregator: f.aggregator, values });
  }
  const startedAt = typeof instance.startedAt === 'number' ? instance.startedAt : Date.parse(instance.startedAt);
  return { instance: { ...instance, startedAt }, metrics: families };
}

/** prom-client writes `+Inf` for the last bucket and plain numbers otherwise. */
function labelString(v: string | number): string {
  if (typeof v === 'string') return v;
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}
