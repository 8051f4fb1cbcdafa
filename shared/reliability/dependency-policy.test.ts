import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPromClientRecorder } from '../observability/adapters/prom-client-recorder.ts';
import { createDependencyPolicy } from './dependency-policy.ts';
import { createDependencyRegistry } from './dependency-registry.ts';
import { DeadlineExceededError, DependencyTimeoutError, DependencyUnavailableError } from './reliability-errors.ts';
import { Deadline } from './deadline.ts';

// Failures as the adapters hand them over: each carries the kind its adapter gave it.
const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', kind: 'transient' });
const notFound = (): Error => Object.assign(new Error('no such row'), { status: 404, kind: 'caller' });

/** A call that only ends when its signal aborts (a hung dependency with a cooperative client). */
const hang = (signal: AbortSignal): Promise<never> =>
  new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted by signal')), { once: true }));

async function metricValue(
  recorder: ReturnType<typeof createPromClientRecorder>,
  name: string,
  labels: Record<string, string>,
): Promise<number | undefined> {
  const metric = (await recorder.metricsAsJson()).find((m) => m.name === name);
  return metric?.values.find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val))?.value;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createDependencyPolicy', () => {
  it('retries idempotent transient failures, counts retries and records success duration', async () => {
    const prom = createPromClientRecorder();
    const policy = createDependencyPolicy({ dependency: 'postgres', metrics: prom.recorder });
    let calls = 0;
    const result = policy.execute(
      'users.find',
      async () => {
        calls++;
        if (calls === 1) throw refused();
        return 'row';
      },
      { idempotent: true },
    );
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('row');
    expect(calls).toBe(2);
    expect(await metricValue(prom, 'dependency_retries_total', { dependency: 'postgres' })).toBe(1);
    const histogram = (await prom.metricsAsJson()).find((m) => m.name === 'dependency_call_duration_seconds');
    expect(
      histogram?.values.some(
        (v) =>
          (v as { metricName?: string }).metricName === 'dependency_call_duration_seconds_count' &&
          v.labels['outcome'] === 'success' &&
          v.value === 1,
      ),
    ).toBe(true);
  });

  it('runs one attempt when the call turns retries off (trigger scopes), and honours a per-call attempt timeout', async () => {
    const policy = createDependencyPolicy({ dependency: 'postgres' });
    let calls = 0;
    const once = policy.execute(
      'select',
      async () => {
        calls++;
        throw refused();
      },
      { idempotent: true, retry: false },
    );
    const settled = once.catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    expect(await settled).toMatchObject({ code: 'ECONNREFUSED' });
    expect(calls).toBe(1);

    // Postgres' default attempt is 2 s; this call may take 5 s.
    let outcome: unknown;
    const long = policy
      .execute('transaction', (signal) => hang(signal), { attemptTimeoutMs: 5_000 })
      .catch((error: unknown) => (outcome = error));
    await vi.advanceTimersByTimeAsync(4_000);
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1_100);
    await long;
    expect(outcome).toBeInstanceOf(DependencyTimeoutError);
    expect((outcome as DependencyTimeoutError).message).toContain('5000');
  });

  it('does not retry writes and does not count caller errors against the breaker', async () => {
    const policy = createDependencyPolicy({ dependency: 'postgres', breaker: { consecutiveFailures: 2 } });
    let calls = 0;
    await expect(
      policy.execute('users.insert', async () => {
        calls++;
        throw refused();
      }),
    ).rejects.toThrow('ECONNREFUSED');
    expect(calls).toBe(1);
    for (let i = 0; i < 5; i++)
      await expect(
        policy.execute(
          'users.find',
          async () => {
            throw notFound();
          },
          { idempotent: true },
        ),
      ).rejects.toThrow('no such row');
    expect(policy.health().state).toBe('closed');
  });

  it('times out a hung attempt cooperatively with DependencyTimeoutError, then opens the breaker and fails fast', async () => {
    const prom = createPromClientRecorder();
    const policy = createDependencyPolicy({
      dependency: 'redis',
      attemptTimeoutMs: 100,
      retry: { maxRetries: 0 },
      breaker: { consecutiveFailures: 2, halfOpenAfterMs: 1000 },
      metrics: prom.recorder,
    });
    for (let i = 0; i < 2; i++) {
      const call = policy.execute('get', hang, { idempotent: true });
      const assertion = expect(call).rejects.toBeInstanceOf(DependencyTimeoutError);
      await vi.advanceTimersByTimeAsync(100);
      await assertion;
    }
    expect(policy.health().state).toBe('open');
    expect(policy.health().lastError?.message).toContain('timed out after 100 ms');
    const started = Date.now();
    const error = await policy.execute('get', async () => 'never', { idempotent: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect((error as DependencyUnavailableError).reason).toBe('circuit_open');
    expect(Date.now() - started).toBe(0);
    expect(await metricValue(prom, 'circuit_breaker_state', { dependency: 'redis' })).toBe(2);
  });

  it('never outlives the caller deadline, even if the client ignores the signal', async () => {
    const policy = createDependencyPolicy({ dependency: 's3', attemptTimeoutMs: 10_000 });
    const deadline = new Deadline({ budgetMs: 250 });
    const ignoresSignal = (): Promise<string> => new Promise((resolve) => setTimeout(() => resolve('late'), 60_000));
    const call = policy.execute('get', ignoresSignal, { signal: deadline.signal, idempotent: true });
    const assertion = expect(call).rejects.toBeInstanceOf(DeadlineExceededError);
    await vi.advanceTimersByTimeAsync(250);
    await assertion;
    // Deadline expiry is the caller's doing: the dependency is not blamed.
    expect(policy.health().state).toBe('closed');
    expect(policy.health().lastError).toBeUndefined();
  });

  it('drops work whose deadline already passed without calling the dependency', async () => {
    const policy = createDependencyPolicy({ dependency: 'postgres' });
    const controller = new AbortController();
    controller.abort(new DeadlineExceededError(10));
    let called = false;
    await expect(
      policy.execute(
        'q',
        async () => {
          called = true;
        },
        { signal: controller.signal },
      ),
    ).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(called).toBe(false);
  });

  it('rejects with bulkhead_full beyond concurrency + queue and counts it', async () => {
    const prom = createPromClientRecorder();
    const policy = createDependencyPolicy({ dependency: 'kafka', bulkhead: { concurrency: 1, queue: 0 }, metrics: prom.recorder });
    const controller = new AbortController();
    const first = policy.execute('send', hang, { signal: controller.signal }).catch(() => undefined);
    const error = await policy.execute('send', async () => 'x').catch((e: unknown) => e);
    expect((error as DependencyUnavailableError).reason).toBe('bulkhead_full');
    expect(await metricValue(prom, 'bulkhead_rejected_total', { dependency: 'kafka' })).toBe(1);
    controller.abort();
    await first;
  });
});

describe('createDependencyRegistry', () => {
  it('creates one policy per dependency and reports readiness from required breakers only', async () => {
    const registry = createDependencyRegistry({
      overrides: {
        postgres: { breaker: { consecutiveFailures: 1, halfOpenAfterMs: 1000 } },
        redis: { breaker: { consecutiveFailures: 1 } },
      },
    });
    expect(registry.policy('postgres')).toBe(registry.policy('postgres'));
    const changes: string[] = [];
    registry.onStateChange(({ dependency, state }) => changes.push(`${dependency}:${state}`));
    await registry
      .policy('redis')
      .execute('get', async () => {
        throw refused();
      })
      .catch(() => undefined);
    expect(registry.readiness()).toEqual({ ready: true, blocking: [] });
    await registry
      .policy('postgres')
      .execute('q', async () => {
        throw refused();
      })
      .catch(() => undefined);
    expect(registry.readiness()).toEqual({ ready: false, blocking: ['postgres'] });
    expect(changes).toEqual(['redis:open', 'postgres:open']);
    const snapshot = registry.snapshot();
    expect(snapshot.map((h) => [h.dependency, h.state, h.required])).toEqual([
      ['postgres', 'open', true],
      ['redis', 'open', false],
    ]);
    // After the open period the breaker lets a probe through: readiness must not block it.
    vi.advanceTimersByTime(1000);
    expect(registry.readiness().ready).toBe(true);
  });
});
