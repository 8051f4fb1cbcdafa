import type { EnvRecord } from '../config/app-config.ts';
import type { Logger } from '../observability/logger.ts';
import type { MetricsRecorder } from '../observability/metrics-recorder.port.ts';
import type { Dependencies } from './dependencies.ts';

/**
 * Event and schedule triggers of a function (a function has three kinds: http, event, schedule). A function
 * declares them in its definition; the runtime delivers them:
 * - Node host: one Kafka consumer group per subscription (`<function>.<topic>`), offsets
 *   committed only after the handler resolved (at-least-once), retries with backoff; a timer
 *   per schedule, never overlapping itself;
 * - workerd: the Node host pushes batches to `POST /__events/<topic>` (token-authenticated, as
 *   Cloudflare Queues push to a consumer Worker); schedules with a `cron` run from the
 *   `scheduled` handler (wrangler.toml `[triggers] crons`).
 * A handler never knows which runtime runs it.
 */

/** Record headers as strings (Kafka bytes are decoded as UTF-8). */
export type EventHeaders = Readonly<Record<string, string>>;

/** One Kafka record as a handler sees it. */
export interface EventRecord<Value = unknown> {
  readonly topic: string;
  readonly partition: number;
  /** Kafka offset (an int64, hence a string). */
  readonly offset: string;
  /** Record key as UTF-8 (`post.created`: the author id), `null` when absent. */
  readonly key: string | null;
  /**
   * The value parsed as JSON. A value that is not JSON arrives as its raw string: validate
   * and skip what you cannot use; throwing for it would stall the partition (it is retried).
   */
  readonly value: Value;
  /** `event-id`, `event-type`, `x-request-id`, `traceparent` for platform events. */
  readonly headers: EventHeaders;
}

/** What a trigger handler gets besides its input. */
export interface TriggerContext {
  /** The same ports HTTP handlers get (`c.var.deps`). */
  readonly deps: Dependencies;
  /** Aborts when the runtime stops (after a drain period) or the attempt times out; pass it on. */
  readonly signal: AbortSignal;
  /** Structured logger with `function` and trigger fields. */
  readonly log: Logger;
  /** Catalogue metrics (a no-op recorder where the runtime records none). */
  readonly metrics: MetricsRecorder;
  /**
   * The raw environment (process.env on Node, bindings on workerd), as `c.var.env` on the HTTP
   * side: function-specific settings (e.g. the timeline's FANOUT_STRATEGY). Absent: defaults.
   */
  readonly env?: EnvRecord;
}

/** Context of an event handler. */
export type EventContext = TriggerContext;

/**
 * A subscription to a Kafka topic. The handler gets a batch of records of one partition, in
 * offset order. Resolve = processed (offsets are committed); throw = the whole batch is
 * delivered again after a backoff. Delivery is at-least-once: make handlers idempotent
 * (e.g. keyed by the `event-id` header, or naturally idempotent writes such as ZADD).
 */
export interface EventSubscription {
  readonly topic: string;
  /** Largest batch handed to one call (default 100). */
  readonly maxBatchSize?: number;
  handler(batch: readonly EventRecord[], ctx: EventContext): Promise<void>;
}

/** Context of a schedule handler. */
export interface ScheduleContext extends TriggerContext {
  /** When this run was due (epoch ms). */
  readonly scheduledTime: number;
}

/** A periodic task. Runs never overlap: the next one is due `everyMs` after the last started. */
export interface ScheduleTrigger {
  /** kebab-case, unique within the function (log field and metric-free identifier). */
  readonly name: string;
  /** Period on the Node host, in ms. */
  readonly everyMs: number;
  /**
   * Cron expression for workerd (`scheduled` handler; Cloudflare's finest grain is a minute).
   * Absent: the schedule runs on the Node host only.
   */
  readonly cron?: string;
  handler(ctx: ScheduleContext): Promise<void>;
}

/** Consumer group of a subscription: `<function>.<topic>` (one group per function and topic). */
export function consumerGroupId(functionName: string, topic: string): string {
  return `${functionName}.${topic}`;
}

/** Path of the workerd push endpoint for a topic. */
export function eventPushPath(topic: string): string {
  return `/__events/${encodeURIComponent(topic)}`;
}
