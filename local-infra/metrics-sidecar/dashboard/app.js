/* global document, window */
// The sidecar's built-in dashboard: polls /dashboard/data and draws plain SVG charts (no
// library, nothing fetched from anywhere but the sidecar). Served as-is: browser JavaScript.
'use strict';

const COLORS = ['#4e9ff5', '#f5a04e', '#5ec27a', '#e0607e', '#b48ef0', '#44c7c7', '#d9d65b', '#9aa5b1'];
const SVG = 'http://www.w3.org/2000/svg';
const refreshMs = Number(new URLSearchParams(window.location.search).get('refresh') ?? 2000);

function el(name, attrs, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
}

function format(v, unit) {
  if (v === null || !Number.isFinite(v)) return '-';
  if (unit === '%') return `${(v * 100).toFixed(v < 0.1 ? 2 : 1)}%`;
  if (unit === 's') return v < 1 ? `${(v * 1000).toFixed(v < 0.01 ? 1 : 0)} ms` : `${v.toFixed(2)} s`;
  return v >= 100 ? v.toFixed(0) : v.toFixed(v >= 10 ? 1 : 2);
}

/** Draws series [{ name, values }] over timestamps t into an svg; returns points drawn. */
function lineChart(svg, t, series, unit) {
  svg.replaceChildren();
  const width = svg.clientWidth || 400;
  const height = svg.clientHeight || 180;
  const pad = { l: 52, r: 8, t: 8, b: 18 };
  const finite = series.flatMap((s) => s.values.filter((v) => v !== null && Number.isFinite(v)));
  const max = Math.max(unit === '%' ? 0.01 : 1e-9, ...finite) * 1.1;
  const t0 = t[0] ?? 0;
  const t1 = Math.max(t.at(-1) ?? 1, t0 + 1);
  const x = (ts) => pad.l + ((ts - t0) / (t1 - t0)) * (width - pad.l - pad.r);
  const y = (v) => height - pad.b - (v / max) * (height - pad.t - pad.b);
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    el('line', { class: 'grid', x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v) }, svg);
    el('text', { x: pad.l - 4, y: y(v) + 3, 'text-anchor': 'end' }, svg).textContent = format(v, unit);
  }
  if (t.length > 0) {
    el('text', { x: pad.l, y: height - 4 }, svg).textContent = new Date(t0).toLocaleTimeString();
    el('text', { x: width - pad.r, y: height - 4, 'text-anchor': 'end' }, svg).textContent = new Date(t1).toLocaleTimeString();
  }
  let points = 0;
  series.forEach((s, i) => {
    let d = '';
    let pen = false;
    s.values.forEach((v, j) => {
      if (v === null || !Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(t[j]).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
      points++;
    });
    if (d) el('path', { class: 'line', d, stroke: s.color ?? COLORS[i % COLORS.length], 'data-series': s.name }, svg);
  });
  if (points === 0) {
    el('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'no-data' }, svg).textContent = 'no traffic yet';
  }
  svg.dataset.points = String(points);
  return points;
}

function legend(id, series) {
  const box = document.getElementById(id);
  box.replaceChildren(
    ...series.map((s, i) => {
      const span = document.createElement('span');
      const swatch = document.createElement('i');
      swatch.style.background = s.color ?? COLORS[i % COLORS.length];
      span.append(swatch, s.name);
      return span;
    }),
  );
}

function draw(chartId, legendId, t, series, unit) {
  lineChart(document.getElementById(chartId), t, series, unit);
  legend(legendId, series);
}

function latencyCharts(data) {
  const box = document.getElementById('latency');
  for (const f of data.functions) {
    let section = document.getElementById(`latency-${f}`);
    if (!section) {
      section = document.createElement('section');
      section.id = `latency-${f}`;
      section.innerHTML = `<h2>Latency of ${f}: p50 / p95 / p99</h2><svg class="chart" data-chart="latency-${f}"></svg><div class="legend"></div>`;
      box.appendChild(section);
    }
    const l = data.latency[f];
    const series = [
      { name: 'p50', values: l.p50, color: COLORS[2] },
      { name: 'p95', values: l.p95, color: COLORS[1] },
      { name: 'p99', values: l.p99, color: COLORS[3] },
    ];
    lineChart(section.querySelector('svg'), data.t, series, 's');
    section
      .querySelector('.legend')
      .replaceChildren(
        ...series.map((s) => Object.assign(document.createElement('span'), { textContent: s.name, style: `color: ${s.color}` })),
      );
  }
}

function breakers(states) {
  const names = ['closed', 'half-open', 'open'];
  const box = document.getElementById('breakers');
  const entries = Object.entries(states).sort();
  if (entries.length === 0) return;
  box.replaceChildren(
    ...entries.map(([dep, state]) => {
      const name = names[state] ?? 'unknown';
      return Object.assign(document.createElement('span'), {
        className: `badge ${name}`,
        textContent: `${dep}: ${name}`,
        title: `state ${state}`,
      });
    }),
  );
}

async function faults() {
  const box = document.getElementById('faults');
  const data = await (await fetch('/dashboard/faults')).json();
  if (!data.available) {
    box.replaceChildren(Object.assign(document.createElement('span'), { className: 'empty', textContent: data.reason }));
    return;
  }
  const active = data.proxies.filter((proxy) => proxy.faults.length > 0);
  if (active.length === 0) {
    box.replaceChildren(Object.assign(document.createElement('span'), { className: 'empty', textContent: 'no active fault' }));
    return;
  }
  box.replaceChildren(
    ...active.map((proxy) =>
      Object.assign(document.createElement('span'), {
        className: 'badge open',
        textContent: `${proxy.service}: ${proxy.faults.join(', ')}`,
      }),
    ),
  );
}

function sloTable(rows) {
  const body = document.querySelector('#slo tbody');
  const cell = (text, cls) => Object.assign(document.createElement('td'), { textContent: text, className: cls ?? '' });
  const burnCell = (v) =>
    cell(v === null ? '-' : v.toFixed(2), `num ${v === null ? '' : v >= 6 ? 'burn-bad' : v >= 1 ? 'burn-warn' : 'burn-ok'}`);
  body.replaceChildren(
    ...rows.map((r) => {
      const tr = document.createElement('tr');
      tr.dataset.function = r.function;
      tr.dataset.slo = r.slo;
      tr.append(cell(r.function), cell(r.slo), cell(`${(r.objective * 100).toFixed(2)}%`, 'num'), burnCell(r.burn5m), burnCell(r.burn1h));
      return tr;
    }),
  );
}

async function refresh() {
  try {
    const response = await fetch('/dashboard/data', { cache: 'no-store' });
    const data = await response.json();
    const perFunction = (values) => data.functions.map((f) => ({ name: f, values: values[f] ?? [] }));
    draw('chart-rate', 'legend-rate', data.t, perFunction(data.rate));
    draw('chart-platform-instances', 'legend-platform-instances', data.t, perFunction(data.platformInstances));
    draw('chart-errors', 'legend-errors', data.t, perFunction(data.errorRatio), '%');
    draw('chart-protection', 'legend-protection', data.t, [
      ...data.functions.map((f, i) => ({ name: `${f} shed`, values: data.shed[f] ?? [], color: COLORS[i % COLORS.length] })),
      ...data.functions.map((f, i) => ({ name: `${f} limited`, values: data.limited[f] ?? [], color: COLORS[(i + 4) % COLORS.length] })),
      ...data.functions.map((f, i) => ({
        name: `${f} throttled`,
        values: data.throttled[f] ?? [],
        color: COLORS[(i + 2) % COLORS.length],
      })),
    ]);
    latencyCharts(data);
    breakers(data.breakers);
    await faults().catch(() => undefined);
    sloTable(data.slo);
    document.getElementById('instances').textContent = `instances: ${Object.entries(data.instances)
      .map(([rt, n]) => `${rt} ${n}`)
      .join(', ')}`;
    document.getElementById('updated').textContent = `updated ${new Date(data.generatedAt).toLocaleTimeString()}`;
    document.body.dataset.points = String(data.t.length);
  } catch (error) {
    document.getElementById('updated').textContent = `sidecar unreachable: ${error.message}`;
  }
}

refresh();
window.setInterval(refresh, refreshMs);
