import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dependencies } from '../app/dependencies.ts';
import type { RedisPort } from '../redis/redis.port.ts';
import { createDependencyRegistry } from './dependency-registry.ts';
import { guardDependencies, guardTriggerDependencies } from './guarded-dependencies.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A Redis whose scripts take `ms` (a fan-out script on a busy Redis); honours the call's signal like the adapters. */
function slowRedis(ms: number): Dependencies {
  const evalScript = (_script: string, _keys: string[], _args: unknown[], options?: { signal?: AbortSignal }) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(1), ms);
      options?.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(options.signal?.reason as Error);
      });
    });
  return { redis: { eval: evalScript } as unknown as RedisPort } as unknown as Dependencies;
}

describe('TRIGGER_SCOPE_POLICY', () => {
  it("lets a trigger's Redis script run for seconds, where the HTTP scope times out at 500 ms", async () => {
    const trigger = guardTriggerDependencies(slowRedis(2_000), createDependencyRegistry()).redis.eval('return 1', [], []);
    const http = guardDependencies(slowRedis(2_000), createDependencyRegistry()).redis.eval('return 1', [], []);
    const httpOutcome = http.then(
      () => 'resolved',
      (error: { code?: string }) => error.code,
    );
    await vi.advanceTimersByTimeAsync(2_100);
    await expect(trigger).resolves.toBe(1);
    expect(await httpOutcome).toBe('DEPENDENCY_TIMEOUT');
  });

  it("still bounds a trigger's Redis script (5 s)", async () => {
    const trigger = guardTriggerDependencies(slowRedis(60_000), createDependencyRegistry()).redis.eval('return 1', [], []);
    const outcome = trigger.then(
      () => 'resolved',
      (error: { code?: string }) => error.code,
    );
    await vi.advanceTimersByTimeAsync(5_100);
    expect(await outcome).toBe('DEPENDENCY_TIMEOUT');
  });
});
