import { describe, expect, it } from 'vitest';
import type { Dependencies } from '../app/dependencies.ts';
import type { ScheduleContext } from '../app/triggers.ts';
import type { KafkaPort, OutgoingRecord } from '../kafka/kafka.port.ts';
import { silentLogger } from '../observability/logger.ts';
import { noopMetricsRecorder } from '../observability/metrics-recorder.port.ts';
import type { SqlClient, SqlExecutor, SqlParam } from '../postgres/sql.port.ts';
import { outboxRelaySchedule } from './outbox-schedules.ts';
import type { OutboxRow } from './outbox-store.ts';

const row = (id: string): OutboxRow => ({ id, topic: 'post.created', key: 'a', payload: '{}', headers: {} });

/** An outbox in memory whose `onClaim` hook can commit new rows between claims. */
function fakeOutbox(onClaim: (claims: number) => OutboxRow[]) {
  const rows: OutboxRow[] = [];
  const published = new Set<string>();
  let claims = 0;
  const handle = (marks: string[]) => async (text: string, params: readonly SqlParam[] = []) => {
    if (text.includes('FOR UPDATE SKIP LOCKED')) {
      claims += 1;
      rows.push(...onClaim(claims));
      return rows.filter((r) => !published.has(r.id)).slice(0, Number(params[0]));
    }
    if (text.includes('SET published_at')) marks.push(...String(params[0]).split(','));
    return [];
  };
  const sql = {
    query: handle([]),
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const marks: string[] = [];
      const value = await work({ query: handle(marks) } as SqlExecutor);
      for (const id of marks) published.add(id);
      return value;
    },
  } as unknown as SqlClient;
  const sent: OutgoingRecord[] = [];
  const kafka = { publish: async (_topic: string, records: readonly OutgoingRecord[]) => void sent.push(...records) } as unknown as KafkaPort;
  const context = (): ScheduleContext => ({
    deps: { sql, kafka } as unknown as Dependencies,
    signal: new AbortController().signal,
    log: silentLogger,
    metrics: noopMetricsRecorder,
    scheduledTime: Date.now(),
  });
  return { context, published, sent, claims: () => claims };
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
