import type { SqlExecutor } from '../postgres/sql.port.ts';

/** An unpublished outbox row as the relay claims it. */
export interface OutboxRow extends Record<string, unknown> {
  readonly id: string;
  readonly topic: string;
  readonly key: string | null;
  /** The payload as JSON text, published as is. */
  readonly payload: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Backlog figures of the outbox (unpublished rows). */
export interface OutboxBacklog {
  readonly rows: number;
  /** Age of the oldest unpublished row in seconds; 0 when there is none. */
  readonly oldestAgeSeconds: number;
}

// Oldest first (an author's events keep their order with one relay), skipping rows another
// relay holds: relays never wait on each other and never claim the same row.
const CLAIM = `SELECT id, topic, key, payload::text AS payload, headers
  FROM outbox
  WHERE published_at IS NULL AND ($2::text = '' OR topic = ANY(string_to_array($2::text, ',')))
  ORDER BY created_at, id
  LIMIT $1
  FOR UPDATE SKIP LOCKED`;

// Id lists travel as one comma-separated text parameter: the workerd client (fetch_types off)
// cannot serialise array parameters.
const MARK_PUBLISHED = `UPDATE outbox SET published_at = clock_timestamp()
  WHERE id = ANY(string_to_array($1::text, ',')::uuid[])`;

const RECORD_FAILURE = `UPDATE outbox SET attempts = attempts + 1, last_error = left($2::text, 500)
  WHERE id = ANY(string_to_array($1::text, ',')::uuid[]) AND published_at IS NULL`;

const BACKLOG = `SELECT count(*)::int AS rows,
    coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0)::float8 AS "oldestAgeSeconds"
  FROM outbox WHERE published_at IS NULL`;

const DELETE_PUBLISHED = `DELETE FROM outbox WHERE id IN (
    SELECT id FROM outbox
    WHERE published_at IS NOT NULL AND created_at < clock_timestamp() - make_interval(secs => $1::float8)
    LIMIT $2)`;

/** Claims up to `limit` unpublished rows (of `topics`, or all) FOR UPDATE SKIP LOCKED. */
export function claimUnpublished(tx: SqlExecutor, limit: number, topics: readonly string[], signal: AbortSignal): Promise<OutboxRow[]> {
  return tx.query<OutboxRow>(CLAIM, [limit, topics.join(',')], { signal });
}

/** Marks rows published (in the claiming transaction, before it commits). */
export async function markPublished(tx: SqlExecutor, ids: readonly string[], signal: AbortSignal): Promise<void> {
  await tx.query(MARK_PUBLISHED, [ids.join(',')], { signal });
}

/**
 * Counts a failed attempt on rows that are still unpublished. A separate short statement after
 * the claim rolled back: it holds the row locks for one UPDATE only.
 */
export async function recordFailure(sql: SqlExecutor, ids: readonly string[], error: string, signal: AbortSignal): Promise<void> {
  await sql.query(RECORD_FAILURE, [ids.join(','), error], { signal });
}

/** Size and age of the backlog. */
export async function readBacklog(sql: SqlExecutor, signal: AbortSignal): Promise<OutboxBacklog> {
  const [row] = await sql.query<{ rows: number; oldestAgeSeconds: number }>(BACKLOG, [], { signal });
  return { rows: row?.rows ?? 0, oldestAgeSeconds: row?.oldestAgeSeconds ?? 0 };
}

/** Deletes up to `limit` published rows older than `retentionSeconds`; resolves how many. */
export async function deletePublished(sql: SqlExecutor, retentionSeconds: number, limit: number, signal: AbortSignal): Promise<number> {
  const rows = await sql.query(`${DELETE_PUBLISHED} RETURNING 1`, [retentionSeconds, limit], { signal });
  return rows.length;
}
