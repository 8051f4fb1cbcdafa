import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '../app/triggers.ts';
import { loadConfig } from '../config/app-config.ts';
import { createKafkajsClient } from '../kafka/adapters/kafkajs.adapter.ts';
import { createKafkajsEventConsumer } from '../kafka/adapters/kafkajs-consumer.ts';
import { silentLogger } from '../observability/logger.ts';
import { parseTraceparent } from '../observability/trace-context.ts';
import { createNodeSqlPool } from '../postgres/adapters/node-pool.ts';
import { appendToOutbox } from './outbox-entry.ts';
import { relayOutboxBatch } from './outbox-relay.ts';

// Real Postgres and Kafka. Rows use a topic of their own, and the relays here are limited to
// it, so other engineers' outbox rows and relays are neither touched nor counted.
const config = loadConfig(process.env);
const topic = `test.outbox-relay.${process.pid}.${Date.now().toString(36)}`;
const admin = new Kafka({ clientId: 'outbox-relay-test', brokers: [...config.kafka.brokers], logLevel: logLevel.NOTHING }).admin();
const sql = createNodeSqlPool({ url: config.database.url, poolSize: 4 });
const TRACE = '0af7651916cd43dd8448eb211c80319c';

beforeAll(async () => {
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
});

afterAll(async () => {
  await sql.query('DELETE FROM outbox WHERE topic = $1', [topic]);
  await admin.deleteGroups([`${topic}.reader`]).catch(() => undefined);
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  await sql.close();
});

/** Reads the topic from the beginning until `expected` records arrived, then `graceMs` more. */
async function readTopic(expected: number, graceMs = 1500): Promise<EventRecord[]> {
  const records: EventRecord[] = [];
  const consumer = createKafkajsEventConsumer({
    brokers: config.kafka.brokers,
    groupId: `${topic}.reader`,
    topic,
    onBatch: async (batch) => {
      records.push(...batch.records);
      return 'processed';
    },
  });
  consumer.start();
  try {
    await expect.poll(() => records.length, { timeout: 30_000, interval: 100 }).toBeGreaterThanOrEqual(expected);
    await new Promise((resolve) => setTimeout(resolve, graceMs));
  } finally {
    await consumer.stop();
  }
  return records;
}

describe('outbox relay against Postgres and Kafka', () => {
  it('two relays in parallel publish every row exactly once, with key and headers', async () => {
    const rows = 300;
    const authors = ['a1', 'a2', 'a3', 'a4', 'a5'];
    const ids: string[] = [];
    await sql.transaction(async (tx) => {
      for (let i = 0; i < rows; i++) {
        const id = crypto.randomUUID();
        ids.push(id);
        await appendToOutbox(
          tx,
          {
            id,
            topic,
            key: authors[i % authors.length] ?? null,
            payload: { eventId: id, n: i },
            headers: { 'event-type': topic, 'x-request-id': `req-${i}`, traceparent: `00-${TRACE}-b7ad6b7169203331-01` },
          },
          AbortSignal.timeout(5000),
        );
      }
    });

    // Two relays as two processes would have them: own pool, own producer.
    const relay = async (): Promise<number> => {
      const ports = {
        sql: createNodeSqlPool({ url: config.database.url, poolSize: 2 }),
        kafka: createKafkajsClient({ brokers: config.kafka.brokers }),
      };
      let published = 0;
      try {
        for (;;) {
          const result = await relayOutboxBatch(ports, { topics: [topic], batchSize: 20 }, AbortSignal.timeout(10_000), silentLogger);
          expect(result.failed).toBe(0);
          published += result.published;
          if (result.claimed === 0) return published;
        }
      } finally {
        await Promise.all([ports.sql.close(), ports.kafka.close()]);
      }
    };
    const started = performance.now();
    const [first, second] = await Promise.all([relay(), relay()]);
    const seconds = (performance.now() - started) / 1000;
    console.info(`[outbox] two relays published ${first} + ${second} rows in ${seconds.toFixed(2)} s`);
    expect(first + second).toBe(rows);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(0);

    const [unpublished] = await sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox WHERE topic = $1 AND published_at IS NULL',
      [topic],
    );
    expect(unpublished?.n).toBe(0);

    const records = await readTopic(rows);
    const eventIds = records.map((record) => record.headers['event-id']);
    expect(records).toHaveLength(rows);
    expect(new Set(eventIds).size).toBe(rows);
    expect(new Set(eventIds)).toEqual(new Set(ids));
    for (const record of records) {
      const n = (record.value as { n: number }).n;
      expect(record.key).toBe(authors[n % authors.length]);
      expect(record.headers).toMatchObject({ 'event-type': topic, 'x-request-id': `req-${n}` });
      expect(parseTraceparent(record.headers['traceparent'])?.traceId).toBe(TRACE);
    }
    // One author's events share a partition (key = author id).
    for (const author of authors) {
      expect(new Set(records.filter((record) => record.key === author).map((record) => record.partition)).size).toBe(1);
    }
  });
});
