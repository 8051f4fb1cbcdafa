/**
 * Minimal builders for Grafana dashboard JSON (schema 39): just the fields Atlas Edge uses, so
 * dashboards are written as short TypeScript and generated, not hand-edited JSON.
 */

const DATASOURCE = { type: 'prometheus', uid: 'prometheus' } as const;

/** One PromQL query of a panel and its legend. */
export interface Query {
  expr: string;
  legend: string;
}

export interface PanelOptions {
  title: string;
  queries: readonly Query[];
  /** Grafana unit id: reqps, percentunit, s, short... */
  unit?: string;
  description?: string;
  /** Width in grid columns (24 per row), default 12. */
  width?: number;
  height?: number;
  /** Value -> text mappings (breaker states). */
  mappings?: Record<string, string>;
}

type Panel = Record<string, unknown>;

function targets(queries: readonly Query[]) {
  return queries.map((q, i) => ({ datasource: DATASOURCE, expr: q.expr, legendFormat: q.legend, refId: String.fromCharCode(65 + i) }));
}

function valueMappings(mappings: Record<string, string> | undefined) {
  if (!mappings) return [];
  const options = Object.fromEntries(Object.entries(mappings).map(([value, text], index) => [value, { text, index }]));
  return [{ type: 'value', options }];
}

/** A time series panel. */
export function timeseries(o: PanelOptions): Panel {
  return {
    type: 'timeseries',
    title: o.title,
    description: o.description ?? '',
    datasource: DATASOURCE,
    fieldConfig: { defaults: { unit: o.unit ?? 'short', mappings: valueMappings(o.mappings) }, overrides: [] },
    options: { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
    targets: targets(o.queries),
    _size: { w: o.width ?? 12, h: o.height ?? 8 },
  };
}

/** A stat panel (current value per series). */
export function stat(o: PanelOptions): Panel {
  return { ...timeseries(o), type: 'stat', options: { reduceOptions: { calcs: ['lastNotNull'] }, colorMode: 'background' } };
}

/** A collapsible-less row header. */
export function row(title: string): Panel {
  return { type: 'row', title, collapsed: false, panels: [], _size: { w: 24, h: 1 } };
}

/** Lays panels out left to right, wrapping at 24 columns, and numbers them. */
export function layout(panels: readonly Panel[]): Panel[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return panels.map((panel, index) => {
    const { _size, ...rest } = panel as Panel & { _size: { w: number; h: number } };
    if (x + _size.w > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const placed = { ...rest, id: index + 1, gridPos: { x, y, w: _size.w, h: _size.h } };
    x += _size.w;
    rowHeight = Math.max(rowHeight, _size.h);
    return placed;
  });
}

/** A template variable over a label's values. */
export function labelVariable(name: string, metric: string, label: string): Record<string, unknown> {
  return {
    name,
    label,
    type: 'query',
    datasource: DATASOURCE,
    query: { query: `label_values(${metric}, ${label})`, refId: `${name}-values` },
    definition: `label_values(${metric}, ${label})`,
    includeAll: true,
    multi: true,
    current: { text: 'All', value: '$__all' },
    refresh: 2,
    sort: 1,
  };
}

export interface DashboardOptions {
  uid: string;
  title: string;
  description: string;
  panels: readonly Panel[];
  variables?: readonly Record<string, unknown>[];
}

/** A whole dashboard, ready for file provisioning. */
export function dashboard(o: DashboardOptions): Record<string, unknown> {
  return {
    uid: o.uid,
    title: o.title,
    description: o.description,
    tags: ['atlas-edge'],
    timezone: 'browser',
    schemaVersion: 39,
    version: 1,
    editable: false,
    refresh: '10s',
    time: { from: 'now-1h', to: 'now' },
    templating: { list: o.variables ?? [] },
    annotations: { list: [] },
    panels: layout(o.panels),
  };
}
