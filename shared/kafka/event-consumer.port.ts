import type { EventRecord } from '../app/triggers.ts';

/**
 * The consuming side of Kafka, used by the Node host's event-trigger runner (never by
 * functions: a workerd isolate cannot hold a consumer-group session, so batches are pushed to
 * it). One consumer = one consumer group member subscribed to one topic.
 */

/** Records of one partition, in offset order. */
export interface ConsumedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly EventRecord[];
}

/** What the batch callback can do while it works on a batch. */
export interface BatchControl {
  /** Aborts when the consumer stops or loses the partition: give up, the batch is not committed. */
  readonly signal: AbortSignal;
  /** Keeps the group membership alive during long work (e.g. between retries). */
  heartbeat(): Promise<void>;
}

/**
 * `processed`: commit the batch's offsets; `abandoned`: do not commit (it is delivered again,
 * to this member or to the next owner of the partition).
 */
export type BatchOutcome = 'processed' | 'abandoned';

/** Options of an event consumer. */
export interface EventConsumerOptions {
  readonly groupId: string;
  readonly topic: string;
  /** Largest batch handed to `onBatch` (longer fetches are split; default 100). */
  readonly maxBatchSize?: number;
  /** Where a group without committed offsets starts: `earliest` (default) or `latest`. */
  readonly startFrom?: 'earliest' | 'latest';
  /** Called per batch, one at a time per consumer; offsets commit only after `processed`. */
  onBatch(batch: ConsumedBatch, control: BatchControl): Promise<BatchOutcome>;
}

/** Consumer state, for logs and tests. */
export type EventConsumerState = 'stopped' | 'connecting' | 'running' | 'reconnecting';

/** A supervised consumer: it reconnects on its own (with backoff) until stopped. */
export interface EventConsumer {
  readonly state: EventConsumerState;
  /** Starts the background loop; resolves at once (Kafka may be down: it keeps trying). */
  start(): void;
  /** Resolves once the member has joined the group and holds its assignment (or the signal fires). */
  joined(signal?: AbortSignal): Promise<void>;
  /** Stops fetching, lets the batch in progress finish or abandon, leaves the group. Idempotent. */
  stop(): Promise<void>;
}
