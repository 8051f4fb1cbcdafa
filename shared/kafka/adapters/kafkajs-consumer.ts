import { Kafka, logLevel } from 'kafkajs';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { errorFields, silentLogger } from '../../observability/logger.ts';
import type { Logger } from '../../observability/logger.ts';
import { createBackoff } from '../../reliability/backoff.ts';
import type { BackoffOptions } from '../../reliability/backoff.ts';
import { sleep } from '../../runtime/sleep.ts';
import type { EventConsumer, EventConsumerOptions, EventConsumerState } from '../event-consumer.port.ts';
import { chunk, nextOffset, toEventRecord } from './kafkajs-records.ts';

/** Options of {@link createKafkajsEventConsumer}. */
export interface KafkajsEventConsumerOptions extends EventConsumerOptions {
  readonly brokers: readonly string[];
  /** Shows up in broker logs (default `atlas-edge-consumer`). */
  readonly clientId?: string;
  readonly logger?: Logger;
  /** Delays between reconnects after a crash (default full jitter, 250 ms doubling to 5 s). */
  readonly reconnectBackoff?: BackoffOptions;
  /**
   * Group session timeout in ms (default 10000): a member silent this long loses its
   * partitions. Also how long a rejoin after a broker restart waits for the crashed member's
   * session to expire (kafkajs' 30 s default made recovery take 30 s). The trigger runner
   * heartbeats during long handler attempts, so handlers may take longer than this.
   */
  readonly sessionTimeoutMs?: number;
  /** Longest a fetch waits for new records, in ms (default 1000; also bounds how fast stop is). */
  readonly maxWaitTimeMs?: number;
  /**
   * Partitions whose batches are handled at the same time by this member (default 3, the
   * partition count of the platform's topics). With 1, a member holding two partitions (two
   * instances, three partitions) handled them in turn and each waited for the other's batch.
   */
  readonly partitionsConsumedConcurrently?: number;
}

/**
 * A kafkajs consumer-group member behind the {@link EventConsumer} port.
 *
 * - Offsets are committed explicitly, per chunk, only after `onBatch` said `processed`
 *   (`autoCommit: false`, `eachBatchAutoResolve: false`): at-least-once.
 * - kafkajs' own retries are off and its self-restart is disabled (`restartOnFailure` false):
 *   after any crash (broker gone, coordinator lost) this loop disconnects, waits a jittered
 *   backoff and joins again with a fresh consumer. ONE retry layer, and it never gives up.
 * - Each partition is consumed one batch at a time, in offset order; batches of DIFFERENT
 *   partitions run concurrently (`partitionsConsumedConcurrently`), so `onBatch` calls may
 *   overlap across partitions, never within one. Commits name their partition explicitly.
 */
export function createKafkajsEventConsumer(options: KafkajsEventConsumerOptions): EventConsumer {
  const logger = (options.logger ?? silentLogger).child({ groupId: options.groupId, topic: options.topic });
  const maxBatchSize = options.maxBatchSize ?? 100;
  const concurrency = Math.max(1, options.partitionsConsumedConcurrently ?? 3);
  const backoff = createBackoff({ jitter: 'full', initialDelayMs: 250, maxDelayMs: 5000, ...options.reconnectBackoff });
  const kafka = new Kafka({
    clientId: options.clientId ?? 'atlas-edge-consumer',
    brokers: [...options.brokers],
    connectionTimeout: 1000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });

  let state: EventConsumerState = 'stopped';
  let stopController = new AbortController();
  let current: Consumer | undefined;
  let loop: Promise<void> | undefined;
  let joinedNow = false;
  const joinWaiters = new Set<() => void>();

  const markJoined = (value: boolean): void => {
    joinedNow = value;
    if (!value) return;
    for (const wake of joinWaiters) wake();
    joinWaiters.clear();
  };

  const eachBatch = async ({
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> => {
    const records = batch.messages.map((message) => toEventRecord(batch.topic, batch.partition, message));
    for (const part of chunk(records, maxBatchSize)) {
      if (!isRunning() || isStale() || stopController.signal.aborted) return;
      const outcome = await options.onBatch(
        { topic: batch.topic, partition: batch.partition, records: part },
        { signal: stopController.signal, heartbeat },
      );
      if (outcome !== 'processed') return;
      const last = part[part.length - 1]?.offset;
      if (last === undefined) continue;
      resolveOffset(last);
      await commitOffsetsIfNecessary({
        topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: nextOffset(last) }] }],
      });
    }
  };

  /** One consumer's life: connect, join, consume until it crashes or we stop. */
  const runOnce = async (stopSignal: AbortSignal): Promise<void> => {
    const consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 1000,
      allowAutoTopicCreation: false,
      retry: { retries: 0, restartOnFailure: async () => false },
    });
    current = consumer;
    const crashed = new Promise<unknown>((resolve) => {
      consumer.on(consumer.events.CRASH, (event) => resolve(event.payload.error));
    });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      state = 'running';
      markJoined(true);
      logger.info('consumer joined group');
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: options.topic, fromBeginning: (options.startFrom ?? 'earliest') === 'earliest' });
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: concurrency, eachBatch });
      const stopped = new Promise<void>((resolve) => stopSignal.addEventListener('abort', () => resolve(), { once: true }));
      const error = await Promise.race([crashed, stopped]);
      if (!stopSignal.aborted) logger.warn('consumer crashed; rejoining after backoff', errorFields(error));
    } catch (error) {
      if (!stopSignal.aborted) logger.warn('consumer could not start; retrying after backoff', errorFields(error));
    } finally {
      markJoined(false);
      await consumer.disconnect().catch(() => undefined);
      current = undefined;
    }
  };

  const supervise = async (stopSignal: AbortSignal): Promise<void> => {
    let delays: ReturnType<typeof backoff.first> | undefined;
    while (!stopSignal.aborted) {
      const started = Date.now();
      await runOnce(stopSignal);
      if (stopSignal.aborted) break;
      state = 'reconnecting';
      // A member that ran for a while starts its backoff over.
      if (Date.now() - started > 30_000) delays = undefined;
      delays = delays ? delays.next(undefined) : backoff.first();
      await sleep(delays.duration, stopSignal).catch(() => undefined);
    }
  };

  return {
    get state() {
      return state;
    },
    start() {
      if (loop) return;
      stopController = new AbortController();
      state = 'connecting';
      loop = supervise(stopController.signal);
    },
    joined(signal) {
      if (joinedNow) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const wake = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          joinWaiters.delete(wake);
          reject(signal?.reason as Error);
        };
        joinWaiters.add(wake);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    async stop() {
      if (!loop) return;
      stopController.abort(new Error('consumer stopping'));
      await current?.disconnect().catch(() => undefined);
      await loop;
      loop = undefined;
      state = 'stopped';
    },
  };
}
