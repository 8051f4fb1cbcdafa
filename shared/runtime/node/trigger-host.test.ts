import { afterEach, describe, expect, it } from 'vitest';
import type { Dependencies } from '#shared/app/dependencies.ts';
import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import type { EventContext, EventRecord } from '#shared/app/triggers.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import type { BatchControl, EventConsumer, EventConsumerOptions } from '#shared/kafka/event-consumer.port.ts';
import { createLogger, silentLogger } from '#shared/observability/logger.ts';
import { createPlatformReliability } from '#shared/reliability/platform-reliability.ts';
import { DependencyUnavailableError } from '#shared/reliability/reliability-errors.ts';
import { RedisError } from '#shared/redis/redis-error.ts';
import type { RedisPort } from '#shared/redis/redis.port.ts';
import { startTriggers } from './trigger-host.ts';
import type { TriggerHost } from './trigger-host.ts';

// Event triggers run with their function's reliability state: guarded ports WITHOUT a retry
// layer (the batch redelivery is the retry) and the function's metrics recorder.

const config = loadConfig({});
const record: EventRecord = {
  topic: 't',
  partition: 0,
  offset: '1',
  key: null,
  value: {},
  headers: { 'event-id': 'e1', 'x-request-id': 'req-1', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
};

/** A Redis port whose every call fails as a refused connection would, counting the calls. */
function failingRedis(): { port: RedisPort; calls: () => number } {
  let calls = 0;
  const port = new Proxy({} as RedisPort, {
    get: () => async () => {
      calls++;
      throw new RedisError('unavailable', 'Redis unavailable (ECONNREFUSED)');
    },
  });
  return { port, calls: () => calls };
}

function fakeDeps(redis: RedisPort): Dependencies {
  const unused = (): never => {
    throw new Error('not used by this test');
  };
  return {
    redis,
    get sql() {
      return unused();
    },
    get kafka() {
      return unused();
    },
    get objectStore() {
      return unused();
    },
  };
}

/** Captures the consumer's batch callback instead of connecting to Kafka. */
function captureConsumer(): { create: (options: EventConsumerOptions) => EventConsumer; deliver: () => Promise<string> } {
  let onBatch: EventConsumerOptions['onBatch'] | undefined;
  const control: BatchControl = { signal: new AbortController().signal, heartbeat: async () => undefined };
  return {
    create(options) {
      onBatch = options.onBatch;
      return { state: 'running', start: () => undefined, joined: async () => undefined, stop: async () => undefined };
    },
    deliver: () => {
      if (!onBatch) throw new Error('no consumer was created');
      return onBatch({ topic: 't', partition: 0, records: [record] }, control);
    },
  };
}

let host: TriggerHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

describe('startTriggers: the reliability of event triggers', () => {
  it("hands handlers guarded ports that do not retry, and the function's recorder for their metrics", async () => {
    const redis = failingRedis();
    const reliability = createPlatformReliability({ functionName: 'fanout', logLevel: 'silent' });
    const seen: unknown[] = [];
    const consumer = captureConsumer();
    const definition = {
      name: 'fanout',
      events: [
        {
          topic: 't',
          async handler(_batch: readonly EventRecord[], ctx: EventContext) {
            ctx.metrics.set('outboxBacklogRows', {}, 7);
            try {
              // Idempotent read: the HTTP side would retry it once; a trigger scope must not.
              await ctx.deps.redis.get('k', { signal: ctx.signal });
            } catch (error) {
              seen.push(error);
            }
          },
        },
      ],
    } as unknown as FunctionDefinition;
    host = startTriggers({
      functions: [definition],
      config,
      deps: fakeDeps(redis.port),
      logger: silentLogger,
      createConsumer: consumer.create,
      reliability: () => reliability,
      runSchedules: false,
    });

    expect(await consumer.deliver()).toBe('processed');
    expect(redis.calls()).toBe(1);
    expect(seen[0]).toMatchObject({ code: 'unavailable' });
    const text = await reliability.metrics.metrics();
    expect(text).toMatch(/^outbox_backlog_rows 7$/m);
    expect(text).toMatch(/dependency_call_duration_seconds_count\{dependency="redis",operation="get",outcome="error"\} 1/);
    expect(text).not.toMatch(/dependency_retries_total\{dependency="redis"\} [1-9]/);

    // The breaker still guards the calls: five consecutive failures open it (Redis default).
    for (let i = 0; i < 4; i++) await consumer.deliver();
    expect(redis.calls()).toBe(5);
    await consumer.deliver();
    expect(redis.calls()).toBe(5);
    expect(seen.at(-1)).toBeInstanceOf(DependencyUnavailableError);
    expect(await reliability.metrics.metrics()).toMatch(/^circuit_breaker_state\{dependency="redis"\} 2$/m);
  });

  it('logs each processed record with the trace id from its headers (one post followed to its consumers)', async () => {
    const lines: string[] = [];
    const consumer = captureConsumer();
    const definition = { name: 'fanout', events: [{ topic: 't', handler: async () => undefined }] } as unknown as FunctionDefinition;
    host = startTriggers({
      functions: [definition],
      config,
      deps: fakeDeps(failingRedis().port),
      logger: createLogger({ sink: (line) => lines.push(line) }),
      createConsumer: consumer.create,
      runSchedules: false,
      pushMetrics: false,
    });
    await consumer.deliver();
    const processed = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['msg'] === 'event processed');
    expect(processed).toEqual([
      expect.objectContaining({
        function: 'fanout',
        topic: 't',
        offset: '1',
        eventId: 'e1',
        requestId: 'req-1',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      }),
    ]);
  });

  it('makes a reliability state per function when the caller passes none', async () => {
    const redis = failingRedis();
    const consumer = captureConsumer();
    let metricsOfHandler: EventContext['metrics'] | undefined;
    const definition = {
      name: 'standalone',
      events: [{ topic: 't', handler: async (_batch: readonly EventRecord[], ctx: EventContext) => void (metricsOfHandler = ctx.metrics) }],
    } as unknown as FunctionDefinition;
    host = startTriggers({
      functions: [definition],
      config,
      deps: fakeDeps(redis.port),
      logger: silentLogger,
      createConsumer: consumer.create,
      runSchedules: false,
      pushMetrics: false,
    });
    await consumer.deliver();
    metricsOfHandler?.set('outboxBacklogRows', {}, 3);
    expect('metrics' in (metricsOfHandler ?? {})).toBe(true);
    expect(await (metricsOfHandler as unknown as { metrics(): Promise<string> }).metrics()).toMatch(/^outbox_backlog_rows 3$/m);
  });
});
