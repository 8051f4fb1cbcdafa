/**
 * Reads the Prometheus text format into `name{sorted labels}` -> value, for assertions.
 * Only what the sidecar writes: no timestamps, no exemplars; label values stay escaped.
 */
export function parseExposition(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unparseable exposition line: ${line}`);
    const pairs = [...(m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)];
    out.set(sample(m[1] ?? '', Object.fromEntries(pairs.map(([, k, v]) => [k, v]))), Number(m[3]));
  }
  return out;
}

/** The key `parseExposition` uses for a series: `name{a="x",b="y"}` with labels sorted. */
export function sample(name: string, labels: Record<string, string | number> = {}): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${String(labels[k])}"`);
  return `${name}{${parts.join(',')}}`;
}
