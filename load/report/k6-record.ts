/**
 * Reads a k6 web-dashboard recording (K6_WEB_DASHBOARD_RECORD, gzipped NDJSON) into time
 * series. Events: `metric` declares metrics as they first appear; each `snapshot` holds one
 * period's aggregates, one array per metric, in the order of the metric names sorted (so a
 * newly declared metric shifts the others). Shapes are checked against the declared types, so
 * a format change fails loudly instead of plotting the wrong column.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

/** Aggregates of one metric in one period. */
export type MetricValues = Record<string, number>;

/** One period of the run. */
export interface RecordPoint {
  /** Epoch ms at the end of the period. */
  readonly t: number;
  readonly metrics: Record<string, MetricValues>;
}

/** A parsed recording. */
export interface K6Recording {
  readonly periodMs: number;
  readonly startedAt: number;
  readonly points: RecordPoint[];
}

/** Raised when the recording does not have the expected shape. */
export class K6RecordError extends Error {
  readonly code = 'k6_record_format';
  constructor(message: string) {
    super(message);
    this.name = 'K6RecordError';
  }
}

interface Param {
  period: number;
  aggregates: Record<string, string[]>;
}

/** Parses the recording at `path` (gzipped or plain NDJSON). */
export async function readK6Recording(path: string): Promise<K6Recording> {
  const raw = await readFile(path);
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
  let param: Param | undefined;
  let startedAt = 0;
  const types = new Map<string, string>();
  const points: RecordPoint[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const { event, data } = JSON.parse(line) as { event: string; data: unknown };
    if (event === 'param') param = data as Param;
    else if (event === 'start') startedAt = Number((data as number[][])[0]?.[0] ?? 0);
    else if (event === 'metric')
      for (const [name, meta] of Object.entries(data as Record<string, { type: string }>)) types.set(name, meta.type);
    else if (event === 'snapshot') {
      if (!param) throw new K6RecordError('snapshot before param event');
      points.push(decodeSnapshot(data as number[][], types, param));
    }
  }
  return { periodMs: param?.period ?? 1000, startedAt, points };
}

function decodeSnapshot(rows: number[][], types: Map<string, string>, param: Param): RecordPoint {
  const names = [...types.keys()].sort();
  if (rows.length !== names.length) throw new K6RecordError(`snapshot has ${rows.length} metrics, ${names.length} declared`);
  const metrics: Record<string, MetricValues> = {};
  let t = 0;
  names.forEach((name, i) => {
    const row = rows[i] ?? [];
    const type = types.get(name) ?? '';
    const columns = param.aggregates[type] ?? [];
    if (name === 'time') {
      t = Number(row[0]);
      return;
    }
    // Sub-metrics (tagged, e.g. `{group:::setup}`) come without values in periods they had no samples.
    if (row.length === 0) return;
    if (row.length !== columns.length)
      throw new K6RecordError(`metric ${name} (${type}) has ${row.length} values, expected ${columns.length}`);
    metrics[name] = Object.fromEntries(columns.map((column, j) => [column, Number(row[j])]));
  });
  return { t, metrics };
}
