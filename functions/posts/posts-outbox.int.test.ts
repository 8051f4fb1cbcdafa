import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeHost } from '#shared/runtime/node/node-host.ts';
import type { NodeHost } from '#shared/runtime/node/node-host.ts';
import { startService, stopService } from '#local-infra/services/index.ts';
import type { EventRecord } from '#shared/app/triggers.ts';
import { issueToken } from '#shared/auth/index.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { POST_CREATED_TOPIC, parsePostCreatedEvent } from '#shared/events/post-created.ts';
import { createKafkajsEventConsumer } from '#shared/kafka/adapters/kafkajs-consumer.ts';
import type { EventConsumer } from '#shared/kafka/event-consumer.port.ts';
import { parseTraceparent } from '#shared/observability/trace-context.ts';
import { createNodeSqlPool } from '#shared/postgres/adapters/node-pool.ts';
import { postsFunction } from './index.ts';

// The posts function on the Node host WITH its schedules (the outbox relay), against the real
// Postgres and Kafka. A consumer group of this run starts at the topic's end offsets as they
// were before the run, and only this run's event ids are counted: other engineers share Kafka.

const config = loadConfig(process.env);
const runId = `${process.pid}-${Date.now().toString(36)}`;
const groupId = `posts-outbox-int-${runId}`;
const sql = createNodeSqlPool({ url: config.database.url, poolSize: 3 });
const kafka = new Kafka({ clientId: 'posts-outbox-int', brokers: [...config.kafka.brokers], logLevel: logLevel.NOTHING });
const received: EventRecord[] = [];
let consumer: EventConsumer;
let host: NodeHost;
let base: string;
let author: { id: string; token: string };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const recordsOf = (eventId: string): EventRecord[] => received.filter((record) => record.headers['event-id'] === eventId);

async function createPost(
  text: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; post: { id: string; createdAt: string; text: string } }> {
  const response = await fetch(`${base}/posts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${author.token}`, ...headers },
    body: JSON.stringify({ text }),
    signal: AbortSignal.timeout(5000),
  });
  return { status: response.status, post: (await response.json()) as { id: string; createdAt: string; text: string } };
}

async function outboxRowsOf(
  postIds: readonly string[],
): Promise<{ id: string; publishedAt: Date | null; attempts: number; lastError: string | null }[]> {
  return sql.query(
    `SELECT id, published_at AS "publishedAt", attempts, last_error AS "lastError" FROM outbox
      WHERE payload->'post'->>'id' = ANY($1::text[])`,
    [[...postIds]],
  );
}

beforeAll(async () => {
  const [user] = await sql.query<{ id: string }>('INSERT INTO users (handle, display_name) VALUES ($1, $1) RETURNING id', [
    `ob_${runId.replaceAll('-', '_')}`.slice(0, 30),
  ]);
  author = { id: user?.id ?? '', token: await issueToken(user?.id ?? '', { secret: config.jwtSecret }) };

  // Start this run's group at the current end of the topic.
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(POST_CREATED_TOPIC);
  await admin.setOffsets({
    groupId,
    topic: POST_CREATED_TOPIC,
    partitions: ends.map(({ partition, high }) => ({ partition, offset: high })),
  });
  await admin.disconnect();
  consumer = createKafkajsEventConsumer({
    brokers: config.kafka.brokers,
    groupId,
    topic: POST_CREATED_TOPIC,
    reconnectBackoff: { initialDelayMs: 200, maxDelayMs: 1000 },
    onBatch: async (batch) => {
      received.push(...batch.records);
      return 'processed';
    },
  });
  consumer.start();
  await consumer.joined(AbortSignal.timeout(30_000));

  host = await startNodeHost({ functions: [postsFunction], config, env: { POSTS_PORT: '0' } });
  base = host.functions[0]?.url ?? '';
});

afterAll(async () => {
  await host?.close();
  await consumer?.stop();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.disconnect();
  await sql.close();
});

describe('posts: transactional outbox to Kafka', () => {
  it('a created post produces exactly one post.created record with the right key, headers and value', async () => {
    const traceId = crypto.randomUUID().replaceAll('-', '');
    const requestId = `outbox-int-${runId}`;
    const started = Date.now();
    const { status, post } = await createPost('hello outbox', {
      'x-request-id': requestId,
      traceparent: `00-${traceId}-a3ce929d0e0e4736-01`,
    });
    expect(status).toBe(201);
    const [row] = await outboxRowsOf([post.id]);
    const eventId = row?.id ?? '';
    // The outbox row carries the request's ids, written in the same transaction as the post.
    const [stored] = await sql.query<{ headers: Record<string, string> }>('SELECT headers FROM outbox WHERE id = $1', [eventId]);
    expect(stored?.headers['x-request-id']).toBe(requestId);
    expect(parseTraceparent(stored?.headers['traceparent'])?.traceId).toBe(traceId);

    await expect
      .poll(() => recordsOf(eventId).length, { timeout: 10_000, message: `the post.created record of ${post.id}` })
      .toBeGreaterThan(0);
    console.info(`[posts] 201 -> record consumed in ${Date.now() - started} ms`);
    await sleep(1500); // room for a duplicate to show up
    const records = recordsOf(eventId);
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record?.key).toBe(author.id);
    expect(record?.headers).toMatchObject({ 'event-id': eventId, 'event-type': 'post.created', 'x-request-id': requestId });
    const trace = parseTraceparent(record?.headers['traceparent']);
    expect(trace?.traceId).toBe(traceId);
    expect(trace?.parentSpanId).not.toBe('a3ce929d0e0e4736');
    expect(parsePostCreatedEvent(record?.value)).toEqual({
      eventId,
      type: 'post.created',
      occurredAt: post.createdAt,
      post: { id: post.id, authorId: author.id, text: 'hello outbox', mediaKey: null, createdAt: post.createdAt },
    });
    expect((await outboxRowsOf([post.id]))[0]?.publishedAt).toBeInstanceOf(Date);
  });

  it('Kafka down: posts are still 201, their events wait in the outbox, and are published exactly once after it returns', async () => {
    const postIds: string[] = [];
    let downAt: number | undefined;
    try {
      await stopService('kafka');
      downAt = Date.now();
      for (let i = 0; i < 5; i++) {
        const started = Date.now();
        const { status, post } = await createPost(`while kafka is down #${i}`);
        expect(status).toBe(201);
        expect(Date.now() - started).toBeLessThan(1000);
        postIds.push(post.id);
      }
      // The relay keeps trying: attempts and the last error are recorded, nothing is published.
      await expect
        .poll(
          async () => {
            const rows = await outboxRowsOf(postIds);
            return rows.length === 5 && rows.every((row) => row.attempts > 0 && row.lastError !== null);
          },
          { timeout: 20_000, message: 'a recorded failed attempt on every waiting row' },
        )
        .toBe(true);
      expect((await outboxRowsOf(postIds)).every((row) => row.publishedAt === null)).toBe(true);
    } finally {
      await startService('kafka');
    }
    const upAt = Date.now();
    console.info(`[posts] kafka was down ${((upAt - (downAt ?? upAt)) / 1000).toFixed(1)} s (stop + posts + restart until healthy)`);

    const publishing = Date.now();
    await expect
      .poll(async () => (await outboxRowsOf(postIds)).every((row) => row.publishedAt !== null), {
        timeout: 60_000,
        interval: 50,
        message: 'every waiting row published',
      })
      .toBe(true);
    const publishedIn = Date.now() - publishing;
    const eventIds = (await outboxRowsOf(postIds)).map((row) => row.id);
    const consuming = Date.now();
    await expect
      .poll(() => eventIds.every((id) => recordsOf(id).length > 0), {
        timeout: 60_000,
        interval: 50,
        message: 'every waiting event consumed',
      })
      .toBe(true);
    const consumedIn = Date.now() - consuming;
    console.info(`[posts] after Kafka was healthy again: published in ${publishedIn} ms, consumed in ${consumedIn} ms`);
    await sleep(2000);
    for (const id of eventIds) expect(recordsOf(id), id).toHaveLength(1);
  }, 240_000);
});
