import type { FailureKind } from '../reliability/failure-kind.ts';

/**
 * The Kafka port: health pings and producing (the outbox relay), so that functions never
 * import kafkajs. Consuming is the Node host's job (`event-consumer.port.ts`): a workerd
 * isolate cannot hold a consumer-group session, so event triggers are pushed to it.
 */
export interface KafkaPort {
  /** Asks the cluster for its metadata; rejects with a {@link KafkaError} when unreachable. */
  ping(signal: AbortSignal): Promise<void>;
  /**
   * Publishes records to one topic with the idempotent producer (acks from all in-sync
   * replicas) and resolves once every record is acknowledged. Rejects with a
   * {@link KafkaError}; after a failure some records may or may not have been written, so the
   * caller re-publishes them (consumers dedupe by event id).
   */
  publish(topic: string, records: readonly OutgoingRecord[], options: { readonly signal: AbortSignal }): Promise<void>;
  /** Releases connections. Idempotent. */
  close(): Promise<void>;
}

/** A record to publish. */
export interface OutgoingRecord {
  /** Partitioning key (murmur2, Java-client compatible); null spreads records. */
  readonly key: string | null;
  /** The value, already serialised (JSON text for platform events). */
  readonly value: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** `unavailable`: no broker answered; `timeout` / `aborted`: the caller's signal fired first. */
export type KafkaErrorCode = 'unavailable' | 'timeout' | 'aborted';

/** The failure kind of each code: a caller's cancellation is not Kafka failing. */
const KAFKA_KIND_OF_CODE: Readonly<Record<KafkaErrorCode, FailureKind>> = {
  unavailable: 'transient',
  timeout: 'transient',
  aborted: 'local',
};

/** The only error type the Kafka port throws. */
export class KafkaError extends Error {
  readonly code: KafkaErrorCode;
  /** How the reliability layer treats it: retried, counted against the breaker, or neither. */
  readonly kind: FailureKind;
  /** `kind`: when the code alone does not say (a broker's refusal that retrying cannot fix). */
  constructor(code: KafkaErrorCode, message: string, options?: { cause?: unknown; kind?: FailureKind }) {
    super(message, options);
    this.name = 'KafkaError';
    this.code = code;
    this.kind = options?.kind ?? KAFKA_KIND_OF_CODE[code];
  }
}

/** Type guard usable across module copies (bundles may hold two copies of this class). */
export function isKafkaError(error: unknown): error is KafkaError {
  return error instanceof KafkaError || (error instanceof Error && error.name === 'KafkaError' && 'code' in error);
}
