import type { EventRecord } from '#shared/app/triggers.ts';
import type { BatchControl, BatchOutcome, ConsumedBatch } from '#shared/kafka/event-consumer.port.ts';
import { errorFields } from '#shared/observability/logger.ts';
import type { Logger } from '#shared/observability/logger.ts';
import { createBackoff } from '#shared/reliability/backoff.ts';
import type { BackoffOptions } from '#shared/reliability/backoff.ts';
import { sleep } from '#shared/runtime/sleep.ts';
import { timeoutSignal } from '#shared/runtime/timeout-signal.ts';

/** Runs a batch somewhere: the local handler, or a worker over HTTP. Rejects = not processed. */
export type DeliverBatch = (records: readonly EventRecord[], signal: AbortSignal) => Promise<void>;

/** Options of {@link deliverWithRetry}. */
export interface DeliveryRetryOptions {
  /** Delays between attempts (default full jitter, 200 ms doubling to 10 s). */
  readonly backoff?: BackoffOptions;
  /** Milliseconds one attempt may take (default 10000). */
  readonly attemptTimeoutMs?: number;
  /**
   * Heartbeat period while an attempt runs, in ms (default 2000): kafkajs only heartbeats
   * between batches, so a long attempt would otherwise outlive the group session (10 s).
   */
  readonly heartbeatEveryMs?: number;
  /** After a stop, how long the attempt in progress may still finish, in ms (default 5000). */
  readonly drainMs?: number;
  readonly logger: Logger;
}

/**
 * Delivers one batch until it is processed: on failure, wait a jittered backoff (heartbeating
 * so the group keeps the partition) and deliver the whole batch again. Never skips a batch:
 * a failing handler holds its partition (lag grows and shows in the runbook's queries) rather
 * than dropping events. Returns `abandoned` only when the consumer stops; a lost partition
 * surfaces as `heartbeat()` rejecting, which propagates so the consumer rejoins.
 */
export async function deliverWithRetry(
  batch: ConsumedBatch,
  control: BatchControl,
  deliver: DeliverBatch,
  options: DeliveryRetryOptions,
): Promise<BatchOutcome> {
  const backoff = createBackoff({ jitter: 'full', initialDelayMs: 200, maxDelayMs: 10_000, ...options.backoff });
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
  const drain = drainSignal(control.signal, options.drainMs ?? 5000);
  const first = batch.records[0]?.offset;
  const last = batch.records[batch.records.length - 1]?.offset;
  let delays: ReturnType<typeof backoff.first> | undefined;
  try {
    for (let attempt = 1; ; attempt++) {
      if (control.signal.aborted) return 'abandoned';
      const deadline = timeoutSignal(attemptTimeoutMs);
      let lostPartition: { error: unknown } | undefined;
      const beat = setInterval(() => {
        control.heartbeat().catch((error: unknown) => (lostPartition ??= { error }));
      }, options.heartbeatEveryMs ?? 2000);
      try {
        try {
          await deliver(batch.records, AbortSignal.any([drain.signal, deadline.signal]));
        } finally {
          clearInterval(beat);
        }
        // The group moved on (rebalance) while we worked: do not commit; the consumer rejoins.
        if (lostPartition) throw new PartitionLostError(lostPartition.error);
        if (attempt > 1)
          options.logger.info('event batch delivered after retries', {
            partition: batch.partition,
            firstOffset: first,
            lastOffset: last,
            attempt,
          });
        return 'processed';
      } catch (error) {
        if (error instanceof PartitionLostError) throw error.cause;
        if (control.signal.aborted) return 'abandoned';
        delays = delays ? delays.next(undefined) : backoff.first();
        options.logger.warn('event batch failed; retrying after backoff', {
          partition: batch.partition,
          firstOffset: first,
          lastOffset: last,
          records: batch.records.length,
          attempt,
          retryInMs: Math.round(delays.duration),
          ...errorFields(error),
        });
        await control.heartbeat();
        const slept = await sleep(delays.duration, control.signal).then(
          () => true,
          () => false,
        );
        if (!slept) return 'abandoned';
        await control.heartbeat();
      } finally {
        deadline.clear();
      }
    }
  } finally {
    drain.dispose();
  }
}

/** A signal that fires `drainMs` after `stop` fires (the grace period of a graceful stop). */
function drainSignal(stop: AbortSignal, drainMs: number): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onStop = (): void => {
    timer = setTimeout(() => controller.abort(new Error('stopping: drain period over')), drainMs);
  };
  if (stop.aborted) onStop();
  else stop.addEventListener('abort', onStop, { once: true });
  return {
    signal: controller.signal,
    dispose() {
      stop.removeEventListener('abort', onStop);
      if (timer) clearTimeout(timer);
    },
  };
}

/** A heartbeat failed during an attempt: the partition may belong to another member now. */
class PartitionLostError extends Error {
  readonly code = 'partition_lost';
  constructor(cause: unknown) {
    super('heartbeat failed while the batch was being handled', { cause });
    this.name = 'PartitionLostError';
  }
}
