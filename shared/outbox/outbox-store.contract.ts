import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlClient } from '../postgres/sql.port.ts';
import type { OutboxEntry } from './outbox-entry.ts';
import { claimUnpublished, markPublished, recordFailure } from './outbox-store.ts';

/** An outbox under test: its SQL client and ways to put rows in and read their failure columns. */
export interface OutboxUnderTest {
  readonly sql: SqlClient;
  /** Commits one row, as `appendToOutbox` in its own transaction. */
  append(entry: OutboxEntry): Promise<void>;
  attemptsOf(id: string): Promise<{ attempts: number; lastError: string | null } | undefined>;
  /** Removes what the suite wrote and releases connections. */
  close(): Promise<void>;
}

const signal = new AbortController().signal;

/**
 * What the outbox store's SQL must do, as vitest tests: run against the real Postgres
 * (`outbox-store.int.test.ts`) and the in-memory outbox the relay's unit tests use. Rows use
 * topics of their own and every claim is limited to them, so nothing else in the table counts.
 */
export function defineOutboxStoreContract(name: string, connect: () => Promise<OutboxUnderTest>): void {
  describe(`outbox store contract: ${name}`, () => {
    let outbox: OutboxUnderTest;
    const run = `${Date.now().toString(36)}.${crypto.randomUUID().slice(0, 8)}`;
    let topicCount = 0;
    /** A topic of this test only. */
    const topic = (): string => `test.outbox-contract.${run}.${(topicCount += 1)}`;
    /** Appends `n` rows of `onTopic` in order; resolves their ids. */
    const append = async (onTopic: string, n: number): Promise<string[]> => {
      const ids: string[] = [];
      for (let i = 0; i < n; i += 1) {
        const id = crypto.randomUUID();
        await outbox.append({
          id,
          topic: onTopic,
          key: `author-${i}`,
          payload: { post: { id, n: i }, eventId: id },
          headers: { 'x-request-id': `r${i}` },
        });
        ids.push(id);
      }
      return ids;
    };
    const claimIds = async (topics: readonly string[], limit = 100): Promise<string[]> =>
      (await outbox.sql.transaction((tx) => claimUnpublished(tx, limit, topics, signal))).map((row) => row.id);

    beforeAll(async () => {
      outbox = await connect();
    });
    afterAll(async () => {
      await outbox.close();
    });

    it('claims unpublished rows oldest first, up to the limit, of the given topics only', async () => {
      const [a, b] = [topic(), topic()];
      const onA = await append(a, 3);
      const onB = await append(b, 1);
      await expect(claimIds([a], 2)).resolves.toEqual(onA.slice(0, 2));
      await expect(claimIds([b, a])).resolves.toEqual([...onA, ...onB]);
      const [row] = await outbox.sql.transaction((tx) => claimUnpublished(tx, 1, [b], signal));
      // The payload comes back as JSON text (as jsonb prints it); the headers as an object.
      expect(row).toEqual({ id: onB[0], topic: b, key: 'author-0', payload: expect.any(String), headers: { 'x-request-id': 'r0' } });
      expect(JSON.parse(row?.payload ?? '')).toEqual({ eventId: onB[0], post: { id: onB[0], n: 0 } });
      expect(row?.payload).toBe(`{"post": {"n": 0, "id": "${onB[0]}"}, "eventId": "${onB[0]}"}`);
    });

    it('rows marked in a committed claim are never claimed again; a claim that fails leaves them', async () => {
      const t = topic();
      const ids = await append(t, 3);
      await outbox.sql.transaction(async (tx) => {
        const claimed = await claimUnpublished(tx, 2, [t], signal);
        await markPublished(
          tx,
          claimed.map((row) => row.id),
          signal,
        );
      });
      await expect(claimIds([t])).resolves.toEqual(ids.slice(2));
      const failed = outbox.sql.transaction(async (tx) => {
        const claimed = await claimUnpublished(tx, 10, [t], signal);
        await markPublished(
          tx,
          claimed.map((row) => row.id),
          signal,
        );
        throw new Error('publish failed');
      });
      await expect(failed).rejects.toThrow('publish failed');
      await expect(claimIds([t])).resolves.toEqual(ids.slice(2));
    });

    it('skips rows another running claim holds (FOR UPDATE SKIP LOCKED) until it ends', async () => {
      const t = topic();
      const ids = await append(t, 3);
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      let first: string[] = [];
      const holding = outbox.sql.transaction(async (tx) => {
        first = (await claimUnpublished(tx, 2, [t], signal)).map((row) => row.id);
        await held;
      });
      await expect.poll(() => first.length).toBe(2);
      await expect(claimIds([t])).resolves.toEqual(ids.slice(2));
      release();
      await holding;
      await expect(claimIds([t])).resolves.toEqual(ids);
    });

    it('records a failed attempt and its error on unpublished rows only, the error cut at 500 characters', async () => {
      const t = topic();
      const [waiting, done] = await append(t, 2);
      await outbox.sql.transaction((tx) => markPublished(tx, [done ?? ''], signal));
      await recordFailure(outbox.sql, [waiting ?? '', done ?? ''], 'Kafka unavailable', signal);
      await recordFailure(outbox.sql, [waiting ?? '', done ?? ''], 'x'.repeat(600), signal);
      await expect(outbox.attemptsOf(waiting ?? '')).resolves.toEqual({ attempts: 2, lastError: 'x'.repeat(500) });
      await expect(outbox.attemptsOf(done ?? '')).resolves.toEqual({ attempts: 0, lastError: null });
    });
  });
}
