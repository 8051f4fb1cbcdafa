import { describe, expect, it } from 'vitest';
import { barChart, barChartSpec, lineChartSpec } from './charts.ts';
import type { Bar } from './charts.ts';

interface Layer {
  mark: { type: string };
  encoding: Record<string, { field?: string; sort?: string[] }>;
}
const layersOf = (spec: object): Layer[] => (spec as { layer: Layer[] }).layer;
const valuesOf = (spec: object): Record<string, unknown>[] => (spec as { data: { values: Record<string, unknown>[] } }).data.values;

const bars: Bar[] = [
  { group: 'write', series: 'p50', value: 118 },
  { group: 'write', series: 'p99', value: 434 },
  { group: 'read', series: 'p50', value: 3.8 },
  { group: 'read', series: 'p99', value: Number.NaN },
];

describe('barChartSpec', () => {
  it('groups bars by group on x and series side by side, in first-seen order, dropping non-finite values', () => {
    const spec = barChartSpec({ title: 't', yTitle: 'ms', bars });
    const [barLayer, ...rest] = layersOf(spec);
    expect(barLayer?.mark.type).toBe('bar');
    expect(barLayer?.encoding['x']).toMatchObject({ field: 'group', sort: ['write', 'read'] });
    expect(barLayer?.encoding['xOffset']).toMatchObject({ field: 'series', sort: ['p50', 'p99'] });
    expect(barLayer?.encoding['color']?.field).toBe('series');
    expect(valuesOf(spec).map((value) => `${String(value['group'])}/${String(value['series'])}`)).toEqual([
      'write/p50',
      'write/p99',
      'read/p50',
    ]);
    // Value labels by default, no whiskers without ranges.
    expect(rest.map((layer) => layer.mark.type)).toEqual(['text']);
  });

  it('draws a whisker from low to high when a bar has a range, and labels above it', () => {
    const spec = barChartSpec({
      title: 't',
      yTitle: 'ms',
      labels: false,
      bars: [{ group: 'write', series: 'p99', value: 300, low: 218, high: 434 }],
    });
    const [, whisker, label] = layersOf(spec);
    expect(whisker?.mark.type).toBe('rule');
    expect(whisker?.encoding['y']?.field).toBe('low');
    expect(whisker?.encoding['y2']?.field).toBe('high');
    expect(label).toBeUndefined();
    expect(
      valuesOf(barChartSpec({ title: 't', yTitle: 'ms', bars: [{ group: 'g', series: 's', value: 300, low: 218, high: 434 }] }))[0],
    ).toMatchObject({ top: 434 });
  });
});

describe('barChart', () => {
  it('renders SVG with every group and series name, and a PNG', async () => {
    const chart = await barChart({ title: 'Post to follower', yTitle: 'ms', bars });
    for (const text of ['Post to follower', 'write', 'read', 'p50', 'p99']) expect(chart.svg).toContain(text);
    expect(chart.png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(chart.png.length).toBeGreaterThan(1000);
  });
});

describe('lineChartSpec', () => {
  it('drops non-positive points on a log scale and keeps the series order', () => {
    const spec = lineChartSpec({
      title: 't',
      yTitle: 'ms',
      logY: true,
      series: [
        {
          name: 'b',
          points: [
            { x: 0, y: 0 },
            { x: 1, y: 5 },
          ],
        },
        { name: 'a', points: [{ x: 0, y: Number.NaN }] },
      ],
    });
    const [lines] = layersOf(spec) as unknown as { data: { values: unknown[] }; encoding: Record<string, { sort?: string[] }> }[];
    expect(lines?.data.values).toEqual([{ x: 1, y: 5, series: 'b' }]);
    expect(lines?.encoding['color']?.sort).toEqual(['b', 'a']);
  });
});
