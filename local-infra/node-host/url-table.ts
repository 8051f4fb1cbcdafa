/** One row of the table `npm start` / `npm run dev` print. */
export interface UrlRow {
  readonly function: string;
  readonly runtime: string;
  readonly url: string;
  readonly health: string;
  readonly ready?: string;
}

/** Formats rows as an aligned plain-text table (no colours: logs stay greppable). */
export function formatUrlTable(rows: readonly UrlRow[]): string {
  const headers: UrlRow = { function: 'FUNCTION', runtime: 'RUNTIME', url: 'URL', health: 'HEALTH', ready: 'READY' };
  const columns = (Object.keys(headers) as (keyof UrlRow)[]).filter((key) => key !== 'ready' || rows.some((row) => row.ready));
  const all = [headers, ...rows];
  const widths = columns.map((key) => Math.max(...all.map((row) => (row[key] ?? '').length)));
  return all
    .map((row) => columns.map((key, i) => (row[key] ?? '').padEnd(widths[i] ?? 0)).join('  ').trimEnd())
    .join('\n');
}
