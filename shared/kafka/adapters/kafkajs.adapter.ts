import { Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';
import { KafkaError } from '../kafka.port.ts';
import type { KafkaPort } from '../kafka.port.ts';
import { abortable } from '../../runtime/abortable.ts';

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
 * layer, the reliability policies. The admin client connects lazily and is thrown away after a
 * failure so the next ping starts from a clean connection.
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
        if (signal.aborted) {
          const timedOut = signal.reason instanceof Error && signal.reason.name === 'TimeoutError';
          throw new KafkaError(timedOut ? 'timeout' : 'aborted', 'Kafka ping did not finish in time', { cause: error });
        }
        const message = error instanceof Error ? error.message : String(error);
        throw new KafkaError('unavailable', `Kafka unavailable: ${message}`, { cause: error });
      }
    },
    close: reset,
  };
}
