import type { KafkaPort, OutgoingRecord } from '../kafka/kafka.port.ts';
import { errorFields } from '../observability/logger.ts';
import type { Logger } from '../observability/logger.ts';
import { TRACEPARENT_HEADER } from '../observability/propagation.ts';
import { continueTrace, formatTraceparent } from '../observability/trace-context.ts';
import type { SqlClient } from '../postgres/sql.port.ts';
import { EVENT_ID_HEADER } from '../events/post-created.ts';
import { claimUnpublished, markPublished, recordFailure } from './outbox-store.ts';
import type { OutboxRow } from './outbox-store.ts';

/** Options of {@link relayOutboxBatch}. */
export interface OutboxRelayOptions {
  /** Rows claimed per run (default 200). */
  readonly batchSize?: number;
  /** Topics this relay publishes (default: every topic in the outbox). */
  readonly topics?: readonly string[];
  /** Milliseconds one publish may take before the batch counts as failed (default 5000). */
  readonly publishTimeoutMs?: number;
}

/** What one run did. */
export interface OutboxRelayResult {
  readonly claimed: number;
  readonly published: number;
  /** Rows whose publish failed (they wait for the next run). */
  readonly failed: number;
  /** Publishes per topic, for the `outbox_published_total` counter. */
  readonly publishedByTopic: Readonly<Record<string, number>>;
  /** Why the publish failed (when `failed` > 0); the caller logs it (see the relay schedule). */
  readonly error?: unknown;
}

/** The ports a relay run needs. */
export interface OutboxRelayPorts {
  readonly sql: SqlClient;
  readonly kafka: KafkaPort;
}

/**
 * One relay run: in ONE transaction, claim the oldest unpublished rows with
 * `FOR UPDATE SKIP LOCKED`, publish them with the idempotent producer (grouped by topic, in
 * claim order), mark them published, commit. Relays running in parallel skip each other's
 * rows, so in the normal case every row is published once.
 *
 * Kafka down: the publish fails, the transaction rolls back (the rows stay unpublished), and a
 * separate short statement counts the attempt and the error; the next run tries again. Nothing
 * is lost. Postgres failing AFTER a successful publish (mark or commit) leaves rows unpublished
 * that Kafka already has: they are published again later, and consumers dedupe by event id.
 * Postgres errors propagate (the scheduler logs them); publish errors do not.
 */
export async function relayOutboxBatch(
  ports: OutboxRelayPorts,
  options: OutboxRelayOptions,
  signal: AbortSignal,
  log: Logger,
): Promise<OutboxRelayResult> {
  const batchSize = options.batchSize ?? 200;
  const topics = options.topics ?? [];
  let claimed: readonly OutboxRow[] = [];
  // Whatever the publish step threw (a KafkaError, or the reliability layer's breaker / timeout
  // errors when the port is guarded) means "not published"; anything else is a Postgres problem.
  let publishFailure: { readonly error: unknown } | undefined;
  try {
    const publishedByTopic = await ports.sql.transaction(
      async (tx) => {
        claimed = await claimUnpublished(tx, batchSize, topics, signal);
        if (claimed.length === 0) return {};
        const byTopic = groupByTopic(claimed);
        const publishSignal = AbortSignal.any([signal, AbortSignal.timeout(options.publishTimeoutMs ?? 5000)]);
        for (const [topic, rows] of byTopic) {
          try {
            await ports.kafka.publish(topic, rows.map(toRecord), { signal: publishSignal });
          } catch (error) {
            publishFailure = { error };
            throw error;
          }
        }
        await markPublished(
          tx,
          claimed.map((row) => row.id),
          signal,
        );
        return Object.fromEntries([...byTopic].map(([topic, rows]) => [topic, rows.length]));
      },
      { signal },
    );
    return { claimed: claimed.length, published: claimed.length, failed: 0, publishedByTopic };
  } catch (error) {
    if (!publishFailure || publishFailure.error !== error) throw error;
    const ids = claimed.map((row) => row.id);
    await recordFailure(ports.sql, ids, error instanceof Error ? error.message : String(error), signal).catch((recordError: unknown) =>
      log.warn('could not record the outbox failure', errorFields(recordError)),
    );
    return { claimed: ids.length, published: 0, failed: ids.length, publishedByTopic: {}, error };
  }
}

function groupByTopic(rows: readonly OutboxRow[]): Map<string, OutboxRow[]> {
  const groups = new Map<string, OutboxRow[]>();
  for (const row of rows) {
    const group = groups.get(row.topic);
    if (group) group.push(row);
    else groups.set(row.topic, [row]);
  }
  return groups;
}

/**
 * The Kafka record of a row: the stored headers (event-type, x-request-id, traceparent) plus
 * `event-id`. The relay is a new span of the request's trace: same trace id, new span id.
 */
export function toRecord(row: OutboxRow): OutgoingRecord {
  const headers: Record<string, string> = { ...row.headers, [EVENT_ID_HEADER]: row.id };
  const stored = row.headers[TRACEPARENT_HEADER];
  if (stored) headers[TRACEPARENT_HEADER] = formatTraceparent(continueTrace(stored));
  return { key: row.key, value: row.payload, headers };
}
