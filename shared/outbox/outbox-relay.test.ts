import { describe, expect, it } from 'vitest';
import { KafkaError } from '../kafka/kafka.port.ts';
import type { KafkaPort, OutgoingRecord } from '../kafka/kafka.port.ts';
import { silentLogger } from '../observability/logger.ts';
import { parseTraceparent } from '../observability/trace-context.ts';
import { relayOutboxBatch, toRecord } from './outbox-relay.ts';
import type { OutboxRow } from './outbox-store.ts';
import { inMemoryOutbox } from './testing/in-memory-outbox.ts';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const row = (id: string, topic = 'post.created', key = 'author-1'): OutboxRow => ({
  id,
  topic,
  key,
  payload: `{"eventId":"${id}"}`,
  headers: { 'event-type': topic, 'x-request-id': `req-${id}`, traceparent: `00-${TRACE}-00f067aa0ba902b7-01` },
});

function fakeKafka(options: { down?: boolean } = {}) {
  const sent: { topic: string; records: readonly OutgoingRecord[] }[] = [];
  const kafka: KafkaPort = {
    ping: async () => undefined,
    close: async () => undefined,
    async publish(topic, records) {
      if (options.down) throw new KafkaError('unavailable', 'Kafka unavailable: connect ECONNREFUSED');
      sent.push({ topic, records });
    },
  };
  return { kafka, sent };
}

const signal = new AbortController().signal;

describe('relayOutboxBatch', () => {
  it('publishes claimed rows per topic in claim order and marks them in the same transaction', async () => {
    const outbox = inMemoryOutbox({ rows: [row('a'), row('b', 'other.topic'), row('c')] });
    const { kafka, sent } = fakeKafka();
    const result = await relayOutboxBatch({ sql: outbox.sql, kafka }, {}, signal, silentLogger);
    expect(result).toEqual({ claimed: 3, published: 3, failed: 0, publishedByTopic: { 'post.created': 2, 'other.topic': 1 } });
    expect(sent.map((s) => [s.topic, s.records.map((r) => r.headers?.['event-id'])])).toEqual([
      ['post.created', ['a', 'c']],
      ['other.topic', ['b']],
    ]);
    expect([...outbox.published].sort()).toEqual(['a', 'b', 'c']);
    expect(await relayOutboxBatch({ sql: outbox.sql, kafka }, {}, signal, silentLogger)).toMatchObject({ claimed: 0, published: 0 });
  });

  it('honours the batch size and the topic filter', async () => {
    const outbox = inMemoryOutbox({ rows: [row('a'), row('b', 'other.topic'), row('c'), row('d')] });
    const { kafka } = fakeKafka();
    const result = await relayOutboxBatch({ sql: outbox.sql, kafka }, { batchSize: 2, topics: ['post.created'] }, signal, silentLogger);
    expect(result.published).toBe(2);
    expect([...outbox.published]).toEqual(['a', 'c']);
  });

  it('Kafka down: nothing is marked, the attempt is recorded separately, and the rows wait', async () => {
    const outbox = inMemoryOutbox({ rows: [row('a'), row('b')] });
    const result = await relayOutboxBatch({ sql: outbox.sql, kafka: fakeKafka({ down: true }).kafka }, {}, signal, silentLogger);
    expect(result).toMatchObject({ claimed: 2, published: 0, failed: 2, error: { code: 'unavailable' } });
    expect(outbox.published.size).toBe(0);
    expect(outbox.failures).toEqual([{ ids: ['a', 'b'], error: 'Kafka unavailable: connect ECONNREFUSED' }]);

    const { kafka, sent } = fakeKafka();
    expect((await relayOutboxBatch({ sql: outbox.sql, kafka }, {}, signal, silentLogger)).published).toBe(2);
    expect(sent.flatMap((s) => s.records.map((r) => r.headers?.['event-id']))).toEqual(['a', 'b']);
  });

  it('counts any error of the publish step as a failed publish (e.g. an open breaker of the guarded port)', async () => {
    const outbox = inMemoryOutbox({ rows: [row('a')] });
    const breakerOpen = Object.assign(new Error('kafka unavailable (circuit open)'), { name: 'DependencyUnavailableError' });
    const kafka: KafkaPort = { ...fakeKafka().kafka, publish: async () => Promise.reject(breakerOpen) };
    const result = await relayOutboxBatch({ sql: outbox.sql, kafka }, {}, signal, silentLogger);
    expect(result).toMatchObject({ failed: 1, error: breakerOpen });
    expect(outbox.failures).toEqual([{ ids: ['a'], error: 'kafka unavailable (circuit open)' }]);
  });

  it('lets a Postgres failure after the publish propagate, leaving the rows unpublished (re-published later)', async () => {
    const outbox = inMemoryOutbox({ rows: [row('a')] });
    outbox.failMark();
    await expect(relayOutboxBatch({ sql: outbox.sql, kafka: fakeKafka().kafka }, {}, signal, silentLogger)).rejects.toMatchObject({
      name: 'SqlError',
    });
    expect(outbox.published.size).toBe(0);
    expect(outbox.failures).toEqual([]);
  });
});

describe('toRecord', () => {
  it('adds event-id, keeps the stored headers and continues the trace with a new span', () => {
    const record = toRecord(row('e-1'));
    expect(record.key).toBe('author-1');
    expect(record.value).toBe('{"eventId":"e-1"}');
    expect(record.headers).toMatchObject({ 'event-id': 'e-1', 'event-type': 'post.created', 'x-request-id': 'req-e-1' });
    const parent = parseTraceparent(record.headers?.['traceparent']);
    expect(parent?.traceId).toBe(TRACE);
    expect(parent?.parentSpanId).not.toBe('00f067aa0ba902b7');
  });

  it('publishes rows without a stored traceparent as they are', () => {
    const bare: OutboxRow = { ...row('e-2'), headers: { 'event-type': 'post.created' } };
    expect(toRecord(bare).headers).toEqual({ 'event-type': 'post.created', 'event-id': 'e-2' });
  });
});
