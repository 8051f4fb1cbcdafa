import { Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';
import type { KafkaPort } from '../kafka.port.ts';
import { abortable } from '../../runtime/abortable.ts';
import { toKafkaError } from './kafkajs-errors.ts';
import { createIdempotentPublisher } from './kafkajs-producer.ts';

/** Options of {@link createKafkajsClient}. */
export interface KafkajsClientOptions {
  readonly brokers: readonly string[];
  /** Shows up in broker logs (default `atlas-edge`). */
  readonly clientId?: string;
  /** Milliseconds to open a broker connection (default 1000). */
  readonly connectionTimeoutMs?: number;
  /** Milliseconds a broker request may take (default 5000). */
  readonly requestTimeoutMs?: number;
}

/**
 * kafkajs behind the Kafka port. Its own retries are off (`retries: 0`): retrying happens in ONE
 * layer, the reliability policies (the idempotent producer keeps the one retry kafkajs insists
 * on, see `kafkajs-producer.ts`). The admin client and the producer connect lazily and are
 * thrown away after a failure so the next call starts from a clean connection.
 */
export function createKafkajsClient(options: KafkajsClientOptions): KafkaPort {
  const kafka = new Kafka({
    clientId: options.clientId ?? 'atlas-edge',
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs ?? 1000,
    requestTimeout: options.requestTimeoutMs ?? 5000,
    retry: { retries: 0 },
    // A down broker is reported through ping results and health checks, not log spam.
    logLevel: logLevel.NOTHING,
  });
  let admin: Promise<Admin> | undefined;
  const publisher = createIdempotentPublisher(kafka, { ackTimeoutMs: options.requestTimeoutMs ?? 5000 });

  const connectedAdmin = (): Promise<Admin> => {
    admin ??= (async () => {
      const client = kafka.admin({ retry: { retries: 0 } });
      await client.connect();
      return client;
    })();
    return admin;
  };

  const reset = async (): Promise<void> => {
    const current = admin;
    admin = undefined;
    await current?.then((client) => client.disconnect()).catch(() => undefined);
  };

  return {
    async ping(signal: AbortSignal): Promise<void> {
      try {
        await abortable(
          signal,
          connectedAdmin().then((client) => client.describeCluster()),
        );
      } catch (error) {
        void reset();
        throw toKafkaError(error, signal, 'Kafka ping');
      }
    },
    publish: (topic, records, { signal }) => publisher.publish(topic, records, signal),
    async close() {
      await Promise.all([reset(), publisher.close()]);
    },
  };
}
