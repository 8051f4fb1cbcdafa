/**
 * A JSON value as Postgres prints a `jsonb` (`payload::text`): object keys deduplicated and
 * sorted shorter first, then bytewise; `": "` and `", "` between items. What the outbox relay
 * reads back and publishes, so the in-memory outbox publishes the same bytes.
 */
export function jsonbText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((key) => `${JSON.stringify(key)}: ${jsonbText((value as Record<string, unknown>)[key])}`).join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
