/**
 * Client side of the metrics push (brief contract): an instance POSTs its registry's
 * `getMetricsAsJSON()` output to the metrics sidecar's `/push` with a Bearer token. Web-standard
 * APIs only (fetch, AbortSignal, crypto.randomUUID), so the same client runs on Node and workerd;
 * scheduling lives in `metrics-push-periodic.ts` (Node) and `metrics-push-workerd.ts`.
 */

/** Runtime an instance runs on; the sidecar counts instances per runtime. */
export type MetricsRuntime = 'node' | 'workerd';

/** Identity of one pushing instance (one Node process or one workerd isolate). */
export interface MetricsPushInstance {
  readonly id: string;
  readonly function: string;
  readonly runtime: MetricsRuntime;
  /** Epoch ms; the sidecar treats a new value under the same id as a restart. */
  readonly startedAt: number;
}

export interface MetricsPusherOptions {
  /** Sidecar base URL (METRICS_SIDECAR_URL), e.g. `http://127.0.0.1:9465`. */
  url: string;
  /** METRICS_PUSH_TOKEN. */
  token: string;
  function: string;
  runtime: MetricsRuntime;
  /** Returns the registry's `getMetricsAsJSON()` output (e.g. the recorder's `metricsAsJson`). */
  collect: () => Promise<readonly unknown[]> | readonly unknown[];
  /** Default: a random UUID made on first use, i.e. one id per process / isolate. */
  instanceId?: string;
  /** Default: the time of the first push. */
  startedAt?: number;
  /** Budget of one push (default 2000 ms): a slow sidecar must never hold an instance up. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Called with every failed push (default: ignored; metrics are best effort). */
  onError?: (error: MetricsPushError) => void;
}

/** Why a push failed: the sidecar refused it (`REJECTED`, with its status) or was not reached. */
export class MetricsPushError extends Error {
  readonly code: 'REJECTED' | 'TIMEOUT' | 'UNREACHABLE' | 'COLLECT_FAILED';
  readonly status?: number;
  constructor(code: MetricsPushError['code'], message: string, status?: number) {
    super(message);
    this.name = 'MetricsPushError';
    this.code = code;
    this.status = status;
  }
}

export type MetricsPushResult = { ok: true; status: number } | { ok: false; error: MetricsPushError };

export interface MetricsPusher {
  /** Identity sent with every push (id and startedAt fixed on first use). */
  readonly instance: MetricsPushInstance;
  /**
   * Pushes the current metrics. Never throws. Pushes are serialised: a call made while one is in
   * flight waits for it and then pushes again, so the latest counts always get sent (shutdown).
   */
  push(signal?: AbortSignal): Promise<MetricsPushResult>;
  /** Epoch ms of the last push attempt (success or not), for throttling. */
  readonly lastAttemptAt: number | undefined;
}

/** Creates the push client of one instance. */
export function createMetricsPusher(options: MetricsPusherOptions): MetricsPusher {
  const { url, token, collect, timeoutMs = 2_000, onError = () => {} } = options;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  // Made on first use, not at creation: workerd forbids random values at module scope (where an
  // isolate-wide pusher is created) and reports a frozen clock there.
  let identity: MetricsPushInstance | undefined;
  const instance = (): MetricsPushInstance =>
    (identity ??= {
      id: options.instanceId ?? crypto.randomUUID(),
      function: options.function,
      runtime: options.runtime,
      startedAt: options.startedAt ?? Date.now(),
    });
  const endpoint = new URL('/push', url).toString();
  let inflight: Promise<MetricsPushResult> | undefined;
  let queued: Promise<MetricsPushResult> | undefined;
  let lastAttemptAt: number | undefined;

  async function once(signal?: AbortSignal): Promise<MetricsPushResult> {
    lastAttemptAt = Date.now();
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let result: MetricsPushResult;
    try {
      const body = JSON.stringify({ instance: instance(), metrics: await collect() });
      const response = await doFetch(endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
        signal: combined,
      });
      const text = await response.text();
      result = response.ok
        ? { ok: true, status: response.status }
        : {
            ok: false,
            error: new MetricsPushError('REJECTED', `sidecar answered ${response.status}: ${text.slice(0, 200)}`, response.status),
          };
    } catch (error) {
      const code = timeout.aborted ? 'TIMEOUT' : error instanceof TypeError || combined.aborted ? 'UNREACHABLE' : 'COLLECT_FAILED';
      result = { ok: false, error: new MetricsPushError(code, `metrics push failed: ${(error as Error).message}`) };
    }
    if (!result.ok) onError(result.error);
    return result;
  }

  function push(signal?: AbortSignal): Promise<MetricsPushResult> {
    if (!inflight) {
      inflight = once(signal).finally(() => (inflight = undefined));
      return inflight;
    }
    queued ??= inflight.then(() => {
      queued = undefined;
      return push(signal);
    });
    return queued;
  }

  return {
    get instance() {
      return instance();
    },
    push,
    get lastAttemptAt() {
      return lastAttemptAt;
    },
  };
}
