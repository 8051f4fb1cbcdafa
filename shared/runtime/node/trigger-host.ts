import type { Dependencies } from '#shared/app/dependencies.ts';
import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import { logProcessedEvents } from '#shared/app/event-trace.ts';
import { consumerGroupId } from '#shared/app/triggers.ts';
import type { EventSubscription } from '#shared/app/triggers.ts';
import type { AppConfig, EnvRecord } from '#shared/config/app-config.ts';
import { createKafkajsEventConsumer } from '#shared/kafka/adapters/kafkajs-consumer.ts';
import type { EventConsumer, EventConsumerOptions } from '#shared/kafka/event-consumer.port.ts';
import { createLogger } from '#shared/observability/logger.ts';
import type { Logger } from '#shared/observability/logger.ts';
import type { MetricsRecorder } from '#shared/observability/metrics-recorder.port.ts';
import { startPeriodicMetricsPush } from '#shared/observability/metrics-push-periodic.ts';
import type { PeriodicMetricsPush } from '#shared/observability/metrics-push-periodic.ts';
import { guardTriggerDependencies } from '#shared/reliability/guarded-dependencies.ts';
import { createPlatformReliability } from '#shared/reliability/platform-reliability.ts';
import { createReliabilityMetricsPusher } from '#shared/reliability/reliability-metrics-push.ts';
import type { PlatformReliability } from '#shared/reliability/platform-reliability.ts';
import { deliverWithRetry } from './batch-delivery.ts';
import type { DeliverBatch, DeliveryRetryOptions } from './batch-delivery.ts';
import { startSchedule } from './schedule-runner.ts';
import type { RunningSchedule, ScheduleRunnerOptions } from './schedule-runner.ts';
import { createWorkerdPush } from './workerd-push.ts';
import type { WorkerdPushTarget } from './workerd-push.ts';

/** Options of {@link startTriggers}. */
export interface TriggerHostOptions {
  readonly functions: readonly FunctionDefinition[];
  readonly config: AppConfig;
  /**
   * The process's RAW dependencies (the same pools the HTTP side uses). Handlers get them
   * guarded by their function's policies with `TRIGGER_SCOPE_POLICY` (no retry layer).
   */
  readonly deps: Dependencies;
  /**
   * The reliability state (metrics recorder, logger, dependency policies) of a function in this
   * process: pass the HTTP side's (`RunningFunction.reliability`) so triggers share its breakers
   * and their metrics ride on its push. Absent or `undefined` for a function: the host makes
   * one and pushes its metrics to the sidecar itself (every 5 s and on stop).
   */
  readonly reliability?: (definition: FunctionDefinition) => PlatformReliability | undefined;
  /** Push the metrics of reliability states the host made (default true). */
  readonly pushMetrics?: boolean;
  /** Base logger (default: JSON lines at `config.logLevel`). */
  readonly logger?: Logger;
  /**
   * Functions hosted by workerd, by name: their event batches are pushed to the worker
   * (`POST /__events/<topic>`) instead of running here. Their schedules still run here.
   */
  readonly workerdTargets?: Readonly<Record<string, WorkerdPushTarget>>;
  /** Consumer factory (default kafkajs on `config.kafka.brokers`). */
  readonly createConsumer?: (options: EventConsumerOptions & { logger: Logger }) => EventConsumer;
  readonly delivery?: Omit<DeliveryRetryOptions, 'logger'>;
  readonly schedule?: Omit<ScheduleRunnerOptions, 'context' | 'logger'>;
  /** Run schedules (default true) and consumers (default true). */
  readonly runSchedules?: boolean;
  readonly runConsumers?: boolean;
  /** Raw environment handed to handlers as `ctx.env` (function-specific settings); default `process.env`. */
  readonly env?: EnvRecord;
}

/** The triggers running in one process. */
export interface TriggerHost {
  readonly consumers: readonly {
    readonly function: string;
    readonly topic: string;
    readonly groupId: string;
    readonly consumer: EventConsumer;
  }[];
  readonly schedules: readonly { readonly function: string; readonly schedule: RunningSchedule }[];
  /** Resolves once every consumer has joined its group (tests; `signal` bounds the wait). */
  joined(signal?: AbortSignal): Promise<void>;
  /** Stops schedules and consumers gracefully (runs in progress finish within their drain). */
  stop(): Promise<void>;
}

/**
 * Starts the event and schedule triggers of `functions`: one consumer group
 * member per subscription (`<function>.<topic>`), commit after success, backoff on failure;
 * one non-overlapping timer per schedule. Kafka being down does not fail this call: consumers
 * keep reconnecting in the background.
 */
export function startTriggers(options: TriggerHostOptions): TriggerHost {
  const baseLogger = options.logger ?? createLogger({ level: options.config.logLevel });
  const env = options.env ?? process.env;
  const ownedPushes: PeriodicMetricsPush[] = [];
  const reliabilityOf = (definition: FunctionDefinition): PlatformReliability => {
    const given = options.reliability?.(definition);
    if (given) return given;
    const made = createPlatformReliability({
      functionName: definition.name,
      logLevel: env['LOG_LEVEL'] ?? options.config.logLevel,
      requires: definition.requires,
    });
    if (options.pushMetrics ?? true) {
      ownedPushes.push(startPeriodicMetricsPush(createReliabilityMetricsPusher(made, 'node', options.config.metrics)));
    }
    return made;
  };
  const createConsumer =
    options.createConsumer ??
    ((consumerOptions) => createKafkajsEventConsumer({ ...consumerOptions, brokers: options.config.kafka.brokers }));
  const consumers: TriggerHost['consumers'][number][] = [];
  const schedules: TriggerHost['schedules'][number][] = [];

  for (const definition of options.functions) {
    const log = baseLogger.child({ function: definition.name });
    const target = options.workerdTargets?.[definition.name];
    // The function's own policies and recorder: outbox and dependency metrics are exported
    // with its HTTP metrics, and one breaker per dependency sees both kinds of traffic. Made on
    // first local use: batches pushed to a worker run with the worker's own state.
    let local: { deps: Dependencies; metrics: MetricsRecorder } | undefined;
    const localScope = (): { deps: Dependencies; metrics: MetricsRecorder } => {
      if (!local) {
        const reliability = reliabilityOf(definition);
        local = { deps: guardTriggerDependencies(options.deps, reliability.registry), metrics: reliability.metrics };
      }
      return local;
    };
    if (options.runConsumers ?? true) {
      for (const subscription of definition.events ?? []) {
        const groupId = consumerGroupId(definition.name, subscription.topic);
        const subscriptionLog = log.child({ trigger: 'event', topic: subscription.topic });
        const deliver = target
          ? createWorkerdPush(subscription.topic, target)
          : localDelivery(subscription, localScope(), subscriptionLog, env);
        const consumer = createConsumer({
          groupId,
          topic: subscription.topic,
          logger: subscriptionLog,
          ...(subscription.maxBatchSize ? { maxBatchSize: subscription.maxBatchSize } : {}),
          onBatch: (batch, control) => deliverWithRetry(batch, control, deliver, { ...options.delivery, logger: subscriptionLog }),
        });
        consumer.start();
        consumers.push({ function: definition.name, topic: subscription.topic, groupId, consumer });
      }
    }
    if (options.runSchedules ?? true) {
      for (const schedule of definition.schedules ?? []) {
        const scheduleLog = log.child({ trigger: 'schedule', schedule: schedule.name });
        const running = startSchedule(schedule, {
          ...options.schedule,
          logger: scheduleLog,
          context: ({ signal, scheduledTime }) => ({ ...localScope(), signal, log: scheduleLog, scheduledTime, env }),
        });
        schedules.push({ function: definition.name, schedule: running });
      }
    }
  }

  return {
    consumers,
    schedules,
    async joined(signal) {
      await Promise.all(consumers.map((entry) => entry.consumer.joined(signal)));
    },
    async stop() {
      await Promise.all([...schedules.map((entry) => entry.schedule.stop()), ...consumers.map((entry) => entry.consumer.stop())]);
      // Last: the final push carries what the draining runs counted.
      await Promise.all(ownedPushes.map((push) => push.stop(AbortSignal.timeout(2000))));
    },
  };
}

/** Runs the subscription's handler in this process. */
function localDelivery(
  subscription: EventSubscription,
  scope: { deps: Dependencies; metrics: MetricsRecorder },
  log: Logger,
  env: EnvRecord,
): DeliverBatch {
  return async (records, signal) => {
    await subscription.handler(records, { deps: scope.deps, metrics: scope.metrics, signal, log, env });
    logProcessedEvents(log, records);
  };
}

/**
 * Push targets from the environment: `<NAME>_EVENTS_URL` (e.g. `TIMELINE_EVENTS_URL=
 * http://127.0.0.1:8787/timeline`) makes the Node host push that function's batches to workerd.
 */
export function workerdTargetsFromEnv(
  functions: readonly FunctionDefinition[],
  env: Readonly<Record<string, string | undefined>>,
  token: string,
): Record<string, WorkerdPushTarget> {
  const targets: Record<string, WorkerdPushTarget> = {};
  for (const definition of functions) {
    const url = env[`${definition.name.toUpperCase().replaceAll('-', '_')}_EVENTS_URL`];
    if (url) targets[definition.name] = { baseUrl: url, token };
  }
  return targets;
}
