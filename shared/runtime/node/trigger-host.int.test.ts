import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from '#shared/app/create-router.ts';
import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import { consumerGroupId } from '#shared/app/triggers.ts';
import type { EventRecord, EventSubscription } from '#shared/app/triggers.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { createKafkajsClient } from '#shared/kafka/adapters/kafkajs.adapter.ts';
import { createNodeDependencies } from '#shared/runtime/node/node-dependencies.ts';
import { handleEventPush } from '#shared/app/event-push.ts';
import { silentLogger } from '#shared/observability/logger.ts';
import { startTriggers } from './trigger-host.ts';
import type { TriggerHost } from './trigger-host.ts';

// The Node host's event triggers against the real Kafka: consumer group per subscription,
// commit only after the handler succeeded, backoff on failure, graceful stop, and the push
// path a workerd-hosted function gets (served here on Node by the same web-standard handler).

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
const runId = `${process.pid}-${Date.now().toString(36)}`;
const topic = `test.triggers.${runId}`;
const kafka = new Kafka({ clientId: 'trigger-host-test', brokers: [...config.kafka.brokers], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const producer = createKafkajsClient({ brokers: config.kafka.brokers });
const dependencies = createNodeDependencies(config);
const fastRetry = { backoff: { initialDelayMs: 50, maxDelayMs: 200 } };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const waitFor = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> => {
  await expect.poll(check, { timeout: timeoutMs, interval: 50, message: `waiting for ${what}` }).toBe(true);
};

function testFunction(name: string, subscription: Omit<EventSubscription, 'topic'>): FunctionDefinition {
  return { name, nodePort: 0, routePrefixes: [], requires: [], routes: createRouter, events: [{ topic, ...subscription }] };
}

async function publish(from: number, count: number): Promise<void> {
  const records = Array.from({ length: count }, (_, i) => ({
    key: `k${(from + i) % 7}`,
    value: JSON.stringify({ n: from + i }),
    headers: { 'event-id': `e${from + i}` },
  }));
  await producer.publish(topic, records, { signal: AbortSignal.timeout(10_000) });
}

/** Committed offsets of a group summed over the topic's partitions (-1 = none counts as 0). */
async function committed(groupId: string): Promise<number> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

const values = (records: readonly EventRecord[]): number[] => records.map((record) => (record.value as { n: number }).n);
let hosts: TriggerHost[] = [];

beforeAll(async () => {
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
});

afterAll(async () => {
  await Promise.all(hosts.map((host) => host.stop()));
  const groups = ['trig-local', 'trig-push', 'trig-refused'].map((prefix) => consumerGroupId(`${prefix}-${runId}`, topic));
  await admin.deleteGroups(groups).catch(() => undefined);
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  await producer.close();
  await dependencies.close();
});

function start(definition: FunctionDefinition, extra: Partial<Parameters<typeof startTriggers>[0]> = {}): TriggerHost {
  const host = startTriggers({
    functions: [definition],
    config,
    deps: dependencies.deps,
    delivery: fastRetry,
    pushMetrics: false,
    ...extra,
  });
  hosts.push(host);
  return host;
}

describe('Node host event triggers on the real Kafka', () => {
  it('retries a failing handler with backoff, commits only after success, and resumes after a restart', async () => {
    const name = `trig-local-${runId}`;
    const seen: EventRecord[] = [];
    let failuresLeft = 2;
    const definition = testFunction(name, {
      maxBatchSize: 10,
      async handler(batch) {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('transient failure');
        }
        seen.push(...batch);
      },
    });
    const first = start(definition);
    await first.joined(AbortSignal.timeout(30_000));
    await publish(0, 30);
    await waitFor('all 30 records handled', () => new Set(values(seen)).size === 30);
    expect(failuresLeft).toBe(0);
    expect([...new Set(values(seen))].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    // Offset order per partition, whatever the retries did.
    for (const partition of [0, 1, 2]) {
      const offsets = seen.filter((r) => r.partition === partition).map((r) => Number(r.offset));
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    }
    const groupId = consumerGroupId(name, topic);
    await waitFor('offsets committed up to the end', async () => (await committed(groupId)) === 30, 10_000);
    await first.stop();
    hosts = hosts.filter((host) => host !== first);

    // A new member of the same group starts after the committed offsets: nothing is replayed.
    const before = seen.length;
    const second = start(definition);
    await second.joined(AbortSignal.timeout(30_000));
    await sleep(1500);
    expect(seen.length).toBe(before);
    await publish(30, 5);
    await waitFor('the 5 new records', () => new Set(values(seen)).size === 35);
    expect(seen.length).toBe(before + 5);
  });

  it('pushes batches to a workerd-style endpoint, commits on 2xx, and never commits a refused push', async () => {
    const pushed: EventRecord[] = [];
    const name = `trig-push-${runId}`;
    const definition = testFunction(name, { handler: async (batch) => void pushed.push(...batch) });
    const openScope = () => ({ deps: dependencies.deps, log: silentLogger, release: () => undefined });
    const server = await new Promise<Server>((resolve) => {
      const created = serve(
        {
          fetch: (request) => handleEventPush(definition, request, { pushToken: config.events.pushToken, openScope }),
          port: 0,
          hostname: '127.0.0.1',
        },
        () => resolve(created as Server),
      ) as Server;
    });
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // Wrong token: 401, the batch is retried, nothing runs, nothing is committed.
      const refusedName = `trig-refused-${runId}`;
      const refused = start(testFunction(refusedName, { handler: async () => undefined }), {
        workerdTargets: { [refusedName]: { baseUrl, token: 'not-the-push-token' } },
      });
      // Right token.
      const host = start(definition, { workerdTargets: { [name]: { baseUrl, token: config.events.pushToken } } });
      await Promise.all([refused.joined(AbortSignal.timeout(30_000)), host.joined(AbortSignal.timeout(30_000))]);
      const end = await committed(consumerGroupId(`trig-local-${runId}`, topic));
      await publish(end, 12);
      // A new group starts at the earliest offset: the earlier records come too.
      await waitFor('every record pushed', () => new Set(values(pushed)).size === end + 12);
      expect([...new Set(values(pushed))].sort((a, b) => a - b)).toEqual(Array.from({ length: end + 12 }, (_, i) => i));
      await sleep(1000);
      expect(await committed(consumerGroupId(refusedName, topic))).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
