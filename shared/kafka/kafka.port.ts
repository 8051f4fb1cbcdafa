/**
 * The Kafka port. Today it only answers "is the cluster reachable?" for health checks; the
 * timeline work adds producing (outbox relay) and consuming (fan-out) behind the same port so
 * that functions never import kafkajs.
 */
export interface KafkaPort {
  /** Asks the cluster for its metadata; rejects with a {@link KafkaError} when unreachable. */
  ping(signal: AbortSignal): Promise<void>;
  /** Releases connections. Idempotent. */
  close(): Promise<void>;
}

/** `unavailable`: no broker answered; `timeout` / `aborted`: the caller's signal fired first. */
export type KafkaErrorCode = 'unavailable' | 'timeout' | 'aborted';

/** The only error type the Kafka port throws. */
export class KafkaError extends Error {
  readonly code: KafkaErrorCode;
  constructor(code: KafkaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KafkaError';
    this.code = code;
  }
}
