import type { ScheduleContext, ScheduleTrigger } from '../app/triggers.ts';
import { errorFields } from '../observability/logger.ts';
import { sleep } from '../runtime/sleep.ts';
import { relayOutboxBatch } from './outbox-relay.ts';
import type { OutboxRelayOptions } from './outbox-relay.ts';
import { deletePublished, readBacklog } from './outbox-store.ts';
import { createRelayBackoff } from './relay-backoff.ts';

/** Options of {@link outboxRelaySchedule}. */
export interface OutboxRelayScheduleOptions extends OutboxRelayOptions {
  /** Tick period on the Node host in ms (default 200: an event waits ~100 ms on average). */
  readonly everyMs?: number;
  /**
   * Longest a run keeps draining full batches, in ms (default 2000): after an outage the
   * backlog drains at full speed instead of one batch per tick, yet a run stays bounded.
   */
  readonly drainBudgetMs?: number;
  /**
   * After a run that published rows (but not a full batch), look again this soon, in ms
   * (default 25; 0 = wait for the next tick), within the drain budget. While posts flow, an
   * event then waits ~followUpMs instead of ~everyMs/2 for the relay (the tick alone made
   * commit -> Kafka p50 ~100 ms, p99 300-600 ms in the fan-out bench); an idle outbox still
   * costs one query per tick.
   */
  readonly followUpMs?: number;
}

/**
 * The outbox relay as a schedule trigger: each run publishes batches until one comes back
 * short (the outbox is drained) or the drain budget is spent. Several relays (instances,
 * processes) may run at once: `FOR UPDATE SKIP LOCKED` keeps them off each other's rows.
 * On workerd the same handler runs from the minute cron (a safety net; Node does the work).
 *
 * Kafka down: the rows wait; consecutive failures pause the relay exponentially (one period
 * doubling up to 5 s) and the warning is logged once per 30 s with the count in between.
 */
export function outboxRelaySchedule(options: OutboxRelayScheduleOptions = {}): ScheduleTrigger {
  const batchSize = options.batchSize ?? 200;
  const drainBudgetMs = options.drainBudgetMs ?? 2000;
  const everyMs = options.everyMs ?? 200;
  const followUpMs = options.followUpMs ?? 25;
  const backoff = createRelayBackoff({ initialMs: everyMs });
  return {
    name: 'outbox-relay',
    everyMs,
    cron: '* * * * *',
    async handler(ctx: ScheduleContext) {
      const started = Date.now();
      if (!backoff.due(started)) return;
      for (;;) {
        const result = await relayOutboxBatch(ctx.deps, { ...options, batchSize }, ctx.signal, ctx.log);
        if (result.error) {
          const verdict = backoff.failure(Date.now());
          if (verdict.warn) {
            ctx.log.warn('outbox publish failed; rows wait in the outbox', {
              rows: result.failed,
              failedRuns: verdict.failuresSinceWarning,
              retryInMs: verdict.pausedUntil - Date.now(),
              ...errorFields(result.error),
            });
          }
          return;
        }
        if (result.published > 0) {
          const streak = backoff.success();
          if (streak > 0) ctx.log.info('outbox publishing again', { failedRunsBefore: streak });
        }
        for (const [topic, count] of Object.entries(result.publishedByTopic)) {
          ctx.metrics.increment('outboxPublishedTotal', { topic }, count);
        }
        if (result.published > 0) ctx.log.debug('outbox rows published', { rows: result.published });
        const full = result.published === batchSize;
        if (ctx.signal.aborted || Date.now() - started >= drainBudgetMs) return;
        if (!full) {
          if (result.published === 0 || followUpMs <= 0) return;
          // Rows are flowing: the next ones are probably committed already or about to be.
          const slept = await sleep(followUpMs, ctx.signal).then(
            () => true,
            () => false,
          );
          if (!slept) return;
        }
      }
    },
  };
}

/** Options of {@link outboxMonitorSchedule}. */
export interface OutboxMonitorOptions {
  /** Period in ms (default 5000: one count of the partial index per 5 s per instance). */
  readonly everyMs?: number;
  /** Lag in seconds from which each reading is logged as a warning (default 10). */
  readonly warnAfterSeconds?: number;
}

/**
 * Measures the backlog (unpublished rows) and the outbox lag (age of the oldest one) into
 * `outbox_backlog_rows` / `outbox_oldest_unpublished_age_seconds`, and logs a warning while
 * the lag is high (Kafka down, relay stuck): the runbook starts from these two numbers.
 */
export function outboxMonitorSchedule(options: OutboxMonitorOptions = {}): ScheduleTrigger {
  const warnAfterSeconds = options.warnAfterSeconds ?? 10;
  return {
    name: 'outbox-monitor',
    everyMs: options.everyMs ?? 5000,
    async handler(ctx: ScheduleContext) {
      const backlog = await readBacklog(ctx.deps.sql, ctx.signal);
      ctx.metrics.set('outboxBacklogRows', {}, backlog.rows);
      ctx.metrics.set('outboxOldestUnpublishedAgeSeconds', {}, backlog.oldestAgeSeconds);
      const fields = { backlogRows: backlog.rows, oldestUnpublishedAgeSeconds: Math.round(backlog.oldestAgeSeconds * 10) / 10 };
      if (backlog.oldestAgeSeconds >= warnAfterSeconds) ctx.log.warn('outbox lag high: events are waiting to be published', fields);
      else ctx.log.debug('outbox backlog', fields);
    },
  };
}

/** Options of {@link outboxCleanupSchedule}. */
export interface OutboxCleanupOptions {
  /** Period in ms (default 60000). */
  readonly everyMs?: number;
  /** Published rows are kept this long for investigations, in seconds (default 86400). */
  readonly retentionSeconds?: number;
  /** Rows deleted per statement (default 5000): short statements, no long locks. */
  readonly batchSize?: number;
}

/** Deletes published outbox rows older than the retention, a bounded batch per run. */
export function outboxCleanupSchedule(options: OutboxCleanupOptions = {}): ScheduleTrigger {
  return {
    name: 'outbox-cleanup',
    everyMs: options.everyMs ?? 60_000,
    async handler(ctx: ScheduleContext) {
      const deleted = await deletePublished(ctx.deps.sql, options.retentionSeconds ?? 86_400, options.batchSize ?? 5000, ctx.signal);
      if (deleted > 0) ctx.log.info('published outbox rows deleted', { rows: deleted });
    },
  };
}
