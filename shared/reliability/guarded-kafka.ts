import type { KafkaPort } from '../kafka/kafka.port.ts';
import type { DependencyPolicy } from './dependency-policy.ts';

/**
 * The Kafka port behind the Kafka dependency policy. `publish` is retried: the producer is
 * idempotent (kafkajs `idempotent: true`) and consumers dedupe by event id, so a resend after
 * a lost acknowledgement cannot duplicate a timeline entry.
 */
export function guardKafka(inner: KafkaPort, policy: DependencyPolicy): KafkaPort {
  return Object.assign(Object.create(inner) as KafkaPort, {
    ping: (signal: AbortSignal) => policy.execute('ping', (attempt) => inner.ping(attempt), { signal, idempotent: true }),
    publish: (topic: string, records: Parameters<KafkaPort['publish']>[1], options: { readonly signal: AbortSignal }) =>
      policy.execute('publish', (signal) => inner.publish(topic, records, { ...options, signal }), {
        signal: options.signal,
        idempotent: true,
      }),
    close: () => inner.close(),
  });
}
