/** One row of the table `npm start` / `npm run dev` print. */
export interface UrlRow {
  readonly function: string;
  readonly runtime: string;
  readonly url: string;
  readonly health: string;
  readonly ready?: string;
  /** Instances now and the function's scaling range (the platform's table). */
  readonly instances?: string;
}

/** Formats rows as an aligned plain-text table (no colours: logs stay greppable); optional columns only when a row has them. */
export function formatUrlTable(rows: readonly UrlRow[]): string {
  const headers: Required<UrlRow> = {
    function: 'FUNCTION',
    runtime: 'RUNTIME',
    url: 'URL',
    health: 'HEALTH',
    ready: 'READY',
    instances: 'INSTANCES',
  };
  const optional = new Set<keyof UrlRow>(['ready', 'instances']);
  const columns = (Object.keys(headers) as (keyof UrlRow)[]).filter((key) => !optional.has(key) || rows.some((row) => row[key]));
  const all = [headers, ...rows];
  const widths = columns.map((key) => Math.max(...all.map((row) => (row[key] ?? '').length)));
  return all
    .map((row) =>
      columns
        .map((key, i) => (row[key] ?? '').padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
