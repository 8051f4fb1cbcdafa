import { Partitioners } from 'kafkajs';
import type { Kafka, Producer } from 'kafkajs';
import type { OutgoingRecord } from '../kafka.port.ts';
import { abortable } from '../../runtime/abortable.ts';
import { toKafkaError } from './kafkajs-errors.ts';

/** Options of {@link createIdempotentPublisher}. */
export interface IdempotentPublisherOptions {
  /** Milliseconds the broker may take to collect acks from the in-sync replicas (default 5000). */
  readonly ackTimeoutMs?: number;
}

/** Publishes with one lazily connected idempotent producer; see {@link createIdempotentPublisher}. */
export interface IdempotentPublisher {
  publish(topic: string, records: readonly OutgoingRecord[], signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/**
 * kafkajs' idempotent producer (`idempotent: true`, `maxInFlightRequests: 1`, acks = all): the
 * broker drops a retried batch it already wrote, using the producer id and per-partition
 * sequence numbers.
 *
 * Retries: kafkajs refuses an idempotent producer without at least one retry, so it keeps
 * exactly one (same sequence numbers, deduplicated by the broker); everything beyond is the
 * caller's (the outbox relay re-claims the rows on its next tick).
 *
 * After ANY failed or abandoned send the producer is thrown away: kafkajs only advances its
 * sequence numbers on success, so the next batch on a kept producer would reuse the sequence
 * range of a batch the broker may already have written, and a same-sized batch of DIFFERENT
 * records would then be acknowledged as a duplicate and silently dropped. A fresh producer id
 * makes the re-publish a plain duplicate instead, which consumers dedupe by event id.
 */
export function createIdempotentPublisher(kafka: Kafka, options: IdempotentPublisherOptions = {}): IdempotentPublisher {
  const ackTimeoutMs = options.ackTimeoutMs ?? 5000;
  let producer: Promise<Producer> | undefined;

  const connected = (): Promise<Producer> => {
    producer ??= (async () => {
      const created = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 },
        allowAutoTopicCreation: false,
        // Java-compatible murmur2: the same key lands on the same partition as with other clients.
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      try {
        await created.connect();
      } catch (error) {
        await created.disconnect().catch(() => undefined);
        throw error;
      }
      return created;
    })();
    return producer;
  };

  const reset = async (): Promise<void> => {
    const current = producer;
    producer = undefined;
    await current?.then((client) => client.disconnect()).catch(() => undefined);
  };

  return {
    async publish(topic, records, signal) {
      if (records.length === 0) return;
      try {
        await abortable(
          signal,
          connected().then((client) =>
            client.send({
              topic,
              acks: -1,
              timeout: ackTimeoutMs,
              messages: records.map((record) => ({
                key: record.key,
                value: record.value,
                ...(record.headers ? { headers: { ...record.headers } } : {}),
              })),
            }),
          ),
        );
      } catch (error) {
        void reset();
        throw toKafkaError(error, signal, 'Kafka publish');
      }
    },
    close: reset,
  };
}
