/**
 * Line and grouped bar charts for the reports: Vega-Lite specs compiled to Vega, rendered to SVG headless
 * (`renderer: 'none'`, no canvas) and rasterised to PNG with resvg. No network at run time.
 */
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/** One named series of (seconds since start, value) points; NaN values leave a gap. */
export interface Series {
  readonly name: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

/** A shaded interval with a label (a dependency down, a load phase). */
export interface Band {
  readonly from: number;
  readonly to: number;
  readonly label: string;
}

/** Options of {@link lineChart}. */
export interface LineChartOptions {
  readonly title: string;
  readonly yTitle: string;
  readonly series: readonly Series[];
  readonly bands?: readonly Band[];
  readonly xTitle?: string;
  /** Log scale on y (latency spanning orders of magnitude). */
  readonly logY?: boolean;
  readonly width?: number;
  readonly height?: number;
}

/** A rendered chart. */
export interface RenderedChart {
  readonly svg: string;
  readonly png: Buffer;
}

/** Builds the Vega-Lite spec of a line chart (exported for tests). */
export function lineChartSpec(options: LineChartOptions): TopLevelSpec {
  const values = options.series.flatMap((series) =>
    series.points
      .filter((point) => Number.isFinite(point.y) && (!options.logY || point.y > 0))
      .map((point) => ({ x: point.x, y: point.y, series: series.name })),
  );
  const bands = (options.bands ?? []).map((band) => ({ from: band.from, to: band.to, label: band.label }));
  const lines = {
    data: { values },
    mark: { type: 'line' as const, interpolate: 'linear' as const, strokeWidth: 1.6 },
    encoding: {
      x: { field: 'x', type: 'quantitative' as const, title: options.xTitle ?? 'seconds since start' },
      y: { field: 'y', type: 'quantitative' as const, title: options.yTitle, ...(options.logY ? { scale: { type: 'log' as const } } : {}) },
      color: { field: 'series', type: 'nominal' as const, title: null, sort: options.series.map((series) => series.name) },
    },
  };
  const layers: unknown[] = [];
  if (bands.length > 0) {
    layers.push(
      {
        data: { values: bands },
        mark: { type: 'rect', opacity: 0.15, color: '#d62728' },
        encoding: { x: { field: 'from', type: 'quantitative' }, x2: { field: 'to' } },
      },
      {
        data: { values: bands },
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 2, dy: 2, fontSize: 10, color: '#8b0000' },
        encoding: { x: { field: 'from', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } },
      },
    );
  }
  layers.push(lines);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title,
    width: options.width ?? 760,
    height: options.height ?? 220,
    layer: layers,
    config: { font: 'DejaVu Sans', legend: { orient: 'right', labelLimit: 360 } },
  } as TopLevelSpec;
}

/** Renders a line chart to SVG and PNG. */
export async function lineChart(options: LineChartOptions): Promise<RenderedChart> {
  return render(lineChartSpec(options));
}

/** One bar: its group on the x axis, its series (colour) inside the group, an optional range. */
export interface Bar {
  readonly group: string;
  readonly series: string;
  readonly value: number;
  /** Spread behind the value (e.g. min and max over repeated rounds), drawn as a whisker. */
  readonly low?: number;
  readonly high?: number;
}

/** Options of {@link barChart}. */
export interface BarChartOptions {
  readonly title: string;
  readonly yTitle: string;
  readonly bars: readonly Bar[];
  readonly xTitle?: string;
  /** Print each bar's value above it (default true): readers compare numbers, not pixels. */
  readonly labels?: boolean;
  readonly width?: number;
  readonly height?: number;
}

/**
 * Builds the Vega-Lite spec of a grouped bar chart (exported for tests): groups keep the order
 * of their first bar, series side by side inside a group (`xOffset`), non-finite values dropped.
 */
export function barChartSpec(options: BarChartOptions): TopLevelSpec {
  const bars = options.bars.filter((bar) => Number.isFinite(bar.value));
  const groups = [...new Set(bars.map((bar) => bar.group))];
  const series = [...new Set(bars.map((bar) => bar.series))];
  const values = bars.map((bar) => ({
    group: bar.group,
    series: bar.series,
    value: bar.value,
    low: bar.low ?? bar.value,
    high: bar.high ?? bar.value,
    top: Math.max(bar.value, bar.high ?? bar.value),
  }));
  const x = { field: 'group', type: 'nominal' as const, title: options.xTitle ?? null, sort: groups, axis: { labelAngle: 0 } };
  const xOffset = { field: 'series', type: 'nominal' as const, sort: series };
  const layers: unknown[] = [
    {
      mark: { type: 'bar' },
      encoding: {
        x,
        xOffset,
        y: { field: 'value', type: 'quantitative', title: options.yTitle },
        color: { field: 'series', type: 'nominal', title: null, sort: series },
      },
    },
  ];
  if (values.some((value) => value.low !== value.value || value.high !== value.value)) {
    layers.push({
      mark: { type: 'rule', color: '#333' },
      encoding: { x, xOffset, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
    });
  }
  if (options.labels ?? true) {
    layers.push({
      mark: { type: 'text', baseline: 'bottom', dy: -2, fontSize: 10 },
      // Above the whisker, so the two never overlap.
      encoding: { x, xOffset, y: { field: 'top', type: 'quantitative' }, text: { field: 'value', type: 'quantitative', format: ',.4~r' } },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title,
    width: options.width ?? 420,
    height: options.height ?? 220,
    data: { values },
    layer: layers,
    config: { font: 'DejaVu Sans', legend: { orient: 'right', labelLimit: 360 } },
  } as TopLevelSpec;
}

/** Renders a grouped bar chart to SVG and PNG. */
export async function barChart(options: BarChartOptions): Promise<RenderedChart> {
  return render(barChartSpec(options));
}

/** Vega-Lite -> Vega -> SVG (headless view) -> PNG (resvg, system fonts). */
async function render(spec: TopLevelSpec): Promise<RenderedChart> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  const png = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: 1.5 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  })
    .render()
    .asPng();
  return { svg, png: Buffer.from(png) };
}
