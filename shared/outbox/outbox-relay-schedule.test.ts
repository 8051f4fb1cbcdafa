import { describe, expect, it } from 'vitest';
import type { Dependencies } from '../app/dependencies.ts';
import type { ScheduleContext } from '../app/triggers.ts';
import type { KafkaPort, OutgoingRecord } from '../kafka/kafka.port.ts';
import { silentLogger } from '../observability/logger.ts';
import { noopMetricsRecorder } from '../observability/metrics-recorder.port.ts';
import { outboxRelaySchedule } from './outbox-schedules.ts';
import type { OutboxRow } from './outbox-store.ts';
import { inMemoryOutbox } from './testing/in-memory-outbox.ts';

const row = (id: string): OutboxRow => ({ id, topic: 'post.created', key: 'a', payload: '{}', headers: {} });

/** An in-memory outbox whose `onClaim` hook commits new rows between claims, and a Kafka that takes everything. */
function fakeOutbox(onClaim: (claims: number) => OutboxRow[]) {
  const outbox = inMemoryOutbox({ onClaim });
  const sent: OutgoingRecord[] = [];
  const kafka = {
    publish: async (_topic: string, records: readonly OutgoingRecord[]) => void sent.push(...records),
  } as unknown as KafkaPort;
  const context = (): ScheduleContext => ({
    deps: { sql: outbox.sql, kafka } as unknown as Dependencies,
    signal: new AbortController().signal,
    log: silentLogger,
    metrics: noopMetricsRecorder,
    scheduledTime: Date.now(),
  });
  return { context, published: outbox.published, sent, claims: outbox.claims };
}

describe('outboxRelaySchedule', () => {
  it('while rows flow, looks again after followUpMs within the same run instead of waiting for the next tick', async () => {
    // Claim 1 finds a row, claim 2 (a follow-up) finds one committed meanwhile, claim 3 finds none.
    const outbox = fakeOutbox((claim) => (claim <= 2 ? [row(`r${claim}`)] : []));
    await outboxRelaySchedule({ followUpMs: 1 }).handler(outbox.context());
    expect(outbox.claims()).toBe(3);
    expect(outbox.sent.map((r) => r.headers?.['event-id'])).toEqual(['r1', 'r2']);
  });

  it('an idle outbox costs one claim per run; followUpMs 0 keeps the plain tick', async () => {
    const idle = fakeOutbox(() => []);
    await outboxRelaySchedule({ followUpMs: 1 }).handler(idle.context());
    expect(idle.claims()).toBe(1);
    const plain = fakeOutbox((claim) => [row(`r${claim}`)]);
    await outboxRelaySchedule({ followUpMs: 0 }).handler(plain.context());
    expect(plain.claims()).toBe(1);
  });

  it('stops following up when the drain budget is spent', async () => {
    const busy = fakeOutbox((claim) => [row(`r${claim}`)]);
    const started = Date.now();
    await outboxRelaySchedule({ followUpMs: 5, drainBudgetMs: 30 }).handler(busy.context());
    expect(Date.now() - started).toBeLessThan(200);
    expect(busy.claims()).toBeGreaterThan(1);
    expect(busy.published.size).toBe(busy.claims());
  });
});
