import type { SqlExecutor } from '../postgres/sql.port.ts';

/**
 * The transactional outbox: an event is written in the SAME transaction as the
 * state change it announces, and the outbox relay publishes it to Kafka afterwards. So an
 * acknowledged write can never lose its event, and a rolled-back write never emits one.
 */

/** An event to append to the outbox. */
export interface OutboxEntry {
  /** The event id (a UUID): the outbox row id and the `event-id` record header. */
  readonly id: string;
  readonly topic: string;
  /** Kafka record key (post.created: the author id). */
  readonly key: string | null;
  /** The record value; stored as jsonb, published as JSON text. */
  readonly payload: unknown;
  /** Record headers to publish with it (event-type, x-request-id, traceparent...). */
  readonly headers: Readonly<Record<string, string>>;
}

// `$n::text::jsonb`, not `$n::jsonb`: with the latter Postgres types the parameter jsonb and
// postgres.js serialises our JSON text as a JSON *string*.
const INSERT = `INSERT INTO outbox (id, topic, key, payload, headers)
  VALUES ($1, $2, $3, $4::text::jsonb, $5::text::jsonb)`;

/** Appends an event to the outbox. Call it with the transaction that makes the change. */
export async function appendToOutbox(tx: SqlExecutor, entry: OutboxEntry, signal: AbortSignal): Promise<void> {
  await tx.query(INSERT, [entry.id, entry.topic, entry.key, JSON.stringify(entry.payload), JSON.stringify(entry.headers)], { signal });
}
