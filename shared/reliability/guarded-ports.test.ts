import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RedisPort } from '../redis/redis.port.ts';
import type { SqlClient } from '../postgres/sql.port.ts';
import { withBreakerDetails } from './breaker-health-checks.ts';
import { createDependencyRegistry } from './dependency-registry.ts';
import { guardRedis } from './guarded-redis.ts';
import { guardSqlClient } from './guarded-sql.ts';
import { DependencyUnavailableError } from './reliability-errors.ts';

const unavailable = (): Error =>
  Object.assign(new Error('connection refused'), { name: 'SqlError', code: 'unavailable', transient: true, kind: 'transient' });

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A SQL client that fails the first `failures` calls, recording each call's SQL and signal. */
function flakySql(failures: number): SqlClient & { calls: { text: string; signal: AbortSignal | undefined }[] } {
  const calls: { text: string; signal: AbortSignal | undefined }[] = [];
  return {
    calls,
    async query(text, _params, options) {
      calls.push({ text, signal: options?.signal });
      if (calls.length <= failures) throw unavailable();
      return [];
    },
    async transaction() {
      calls.push({ text: 'transaction', signal: undefined });
      throw unavailable();
    },
    async ping(signal) {
      calls.push({ text: 'ping', signal });
      if (calls.length <= failures) throw unavailable();
    },
  };
}

describe('guardSqlClient', () => {
  it('retries SELECTs with a fresh attempt signal but never writes, locking reads or transactions', async () => {
    const registry = createDependencyRegistry();
    const inner = flakySql(1);
    const sql = guardSqlClient(inner, registry.policy('postgres'));
    const caller = new AbortController();
    const read = sql.query('SELECT 1', [], { signal: caller.signal });
    await vi.runAllTimersAsync();
    await read;
    expect(inner.calls.map((c) => c.text)).toEqual(['SELECT 1', 'SELECT 1']);
    expect(inner.calls[0]?.signal).not.toBe(caller.signal);

    for (const text of ['INSERT INTO t VALUES (1)', 'SELECT * FROM t FOR UPDATE']) {
      const writer = flakySql(1);
      await expect(guardSqlClient(writer, registry.policy('postgres')).query(text)).rejects.toThrow('connection refused');
      expect(writer.calls).toHaveLength(1);
    }
    const tx = flakySql(0);
    await expect(guardSqlClient(tx, registry.policy('postgres')).transaction(async () => 1)).rejects.toThrow('connection refused');
    expect(tx.calls).toHaveLength(1);
  });

  it('does not hold errors of the transaction work against Postgres, and rethrows them unchanged', async () => {
    const registry = createDependencyRegistry({
      overrides: { postgres: { breaker: { consecutiveFailures: 2 }, retry: { maxRetries: 0 } } },
    });
    const workingDb: SqlClient = {
      query: async () => [],
      transaction: async (work) => work({ query: async () => [] }),
      ping: async () => undefined,
    };
    const sql = guardSqlClient(workingDb, registry.policy('postgres'));
    const kafkaDown = Object.assign(new Error('Kafka unavailable'), {
      name: 'KafkaError',
      code: 'unavailable',
      transient: true,
      kind: 'transient',
    });
    for (let i = 0; i < 5; i += 1) {
      await expect(sql.transaction(async () => Promise.reject(kafkaDown))).rejects.toBe(kafkaDown);
    }
    expect(registry.policy('postgres').health().state).toBe('closed');

    // Postgres's own failure inside the work still counts.
    const pgDown = unavailable();
    for (let i = 0; i < 2; i += 1) {
      await expect(sql.transaction(async () => Promise.reject(pgDown))).rejects.toBe(pgDown);
    }
    expect(registry.policy('postgres').health().state).toBe('open');
  });

  it('fails fast once the breaker is open, and the health check reports it without pinging', async () => {
    const registry = createDependencyRegistry({
      overrides: { postgres: { breaker: { consecutiveFailures: 2 }, retry: { maxRetries: 0 } } },
    });
    const inner = flakySql(100);
    const sql = guardSqlClient(inner, registry.policy('postgres'));
    for (let i = 0; i < 2; i++) await expect(sql.query('SELECT 1')).rejects.toThrow('connection refused');
    await expect(sql.query('SELECT 1')).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(inner.calls).toHaveLength(2);

    const [check] = withBreakerDetails([{ name: 'postgres', required: true, check: (signal) => sql.ping(signal) }], registry);
    await expect(check?.check(new AbortController().signal)).rejects.toThrow('circuit open; last error: connection refused');
    expect(inner.calls).toHaveLength(2);
  });

  it('adds breaker details to passing checks', async () => {
    const registry = createDependencyRegistry();
    const sql = guardSqlClient(flakySql(0), registry.policy('postgres'));
    const [check] = withBreakerDetails([{ name: 'postgres', required: true, check: (signal) => sql.ping(signal) }], registry);
    expect(await check?.check(new AbortController().signal)).toMatchObject({ breaker: 'closed', retryBudget: 500 });
  });
});

describe('guardRedis', () => {
  it("passes the attempt signal in each method's options slot and retries only idempotent commands", async () => {
    const seen: Record<string, unknown[]> = {};
    let failNext = true;
    const record =
      (name: string) =>
      async (...args: unknown[]) => {
        seen[name] = args;
        if (failNext) {
          failNext = false;
          throw Object.assign(new Error('ECONNRESET'), { code: 'unavailable', transient: true, kind: 'transient', name: 'RedisError' });
        }
        return name === 'incr' ? 1 : null;
      };
    const inner = new Proxy({}, { get: (_t, name: string) => record(name) }) as RedisPort;
    const redis = guardRedis(inner, createDependencyRegistry().policy('redis'));
    const pending = redis.lrange('feed', 0, 9);
    await vi.runAllTimersAsync();
    await pending;
    expect(seen['lrange']?.slice(0, 3)).toEqual(['feed', 0, 9]);
    expect((seen['lrange']?.[3] as { signal: AbortSignal }).signal).toBeInstanceOf(AbortSignal);

    failNext = true;
    await expect(redis.incr('counter')).rejects.toThrow('ECONNRESET');
    failNext = true;
    await expect(redis.set('k', 'v', { onlyIfAbsent: true })).rejects.toThrow('ECONNRESET');
  });
});
