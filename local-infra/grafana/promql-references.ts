/**
 * Finds the series a PromQL expression reads: metric names with the label names of their
 * selectors. Good enough for the queries this project writes (checked by tests against the
 * metric catalogue and the rules), not a full PromQL parser.
 */

/** One selector in an expression, e.g. `http_requests_total{function=~"$function"}`. */
export interface SeriesReference {
  metric: string;
  labels: string[];
}

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'inf',
  'nan',
]);

/** Metric names (with their selectors' label names) an expression reads. */
export function seriesReferences(expr: string): SeriesReference[] {
  // Drop strings first (they may hold anything), then grouping clauses and range selectors.
  const noStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const noGrouping = noStrings.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const noRanges = noGrouping.replace(/\[[^\]]*\]/g, ' ');
  const refs: SeriesReference[] = [];
  const token = /([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{[^}]*\})?\s*(\()?/g;
  for (const m of noRanges.matchAll(token)) {
    const [, name = '', selector, call] = m;
    const start = m.index ?? 0;
    // Skip function calls, keywords, numbers' exponents (1e3) and label names inside braces.
    if (call && !selector) continue;
    if (KEYWORDS.has(name.toLowerCase())) continue;
    if (start > 0 && /[0-9.$]/.test(noRanges[start - 1] ?? '')) continue;
    const labels = selector ? [...selector.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)].map((l) => l[1] ?? '') : [];
    refs.push({ metric: name, labels });
  }
  return refs;
}
