import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { K6RecordError, readK6Recording } from './k6-record.ts';

const param = {
  event: 'param',
  data: {
    period: 1000,
    aggregates: {
      counter: ['count', 'rate'],
      gauge: ['value'],
      rate: ['rate'],
      trend: ['avg', 'max', 'med', 'min', 'p(90)', 'p(95)', 'p(99)'],
    },
  },
};
let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function recording(lines: unknown[], gzip = true): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'k6rec-'));
  const path = join(dir, 'rec.ndjson.gz');
  const text = lines.map((line) => JSON.stringify(line)).join('\n');
  await writeFile(path, gzip ? gzipSync(text) : text);
  return path;
}

describe('readK6Recording', () => {
  it('maps each snapshot row to the metric names in sorted order, including metrics declared later', async () => {
    const path = await recording([
      param,
      { event: 'start', data: [[1000]] },
      { event: 'metric', data: { time: { type: 'gauge' }, http_reqs: { type: 'counter' } } },
      { event: 'snapshot', data: [[10, 10], [2000]] },
      { event: 'metric', data: { errors: { type: 'rate' }, http_req_duration: { type: 'trend' } } },
      { event: 'snapshot', data: [[0.5], [1, 9, 2, 0.5, 5, 6, 8], [20, 20], [3000]] },
    ]);
    const rec = await readK6Recording(path);
    expect(rec.startedAt).toBe(1000);
    expect(rec.points).toHaveLength(2);
    expect(rec.points[0]).toEqual({ t: 2000, metrics: { http_reqs: { count: 10, rate: 10 } } });
    expect(rec.points[1]?.t).toBe(3000);
    expect(rec.points[1]?.metrics['errors']).toEqual({ rate: 0.5 });
    expect(rec.points[1]?.metrics['http_req_duration']?.['p(99)']).toBe(8);
    expect(rec.points[1]?.metrics['http_reqs']).toEqual({ count: 20, rate: 20 });
  });

  it('skips empty sub-metric rows and rejects rows of the wrong shape', async () => {
    const ok = await recording(
      [
        param,
        { event: 'metric', data: { time: { type: 'gauge' }, 'x{group:::setup}': { type: 'counter' } } },
        { event: 'snapshot', data: [[5000], []] },
      ],
      false,
    );
    expect((await readK6Recording(ok)).points[0]?.metrics).toEqual({});
    const bad = await recording([
      param,
      { event: 'metric', data: { time: { type: 'gauge' }, http_reqs: { type: 'counter' } } },
      { event: 'snapshot', data: [[1], [5000]] },
    ]);
    await expect(readK6Recording(bad)).rejects.toBeInstanceOf(K6RecordError);
  });
});
