/**
 * The gray-fault schedule of `npm run load -- gray`: one fault at a time, each scoped to one
 * dependency (the others fine) or to a few slow clients, each with the hypothesis it tests.
 * Attempt timeouts it is measured against (shared/reliability/dependency-defaults.ts): Redis
 * 500 ms, Postgres 2 s, Kafka 5 s, S3 10 s; the request deadline of the load is 2 s.
 */
import type { FaultTarget } from '#local-infra/faults/proxies.ts';
import type { ToxicSpec } from '#local-infra/faults/toxiproxy-client.ts';

/** Slow clients the runner itself plays (k6 cannot send a body slowly). */
export interface SlowClientSpec {
  readonly endpoint: 'media' | 'posts';
  readonly clients: number;
  /** Body size, bytes. */
  readonly bytes: number;
  /** Client upload rate, bytes/s. */
  readonly bytesPerSecond: number;
}

/** One step of the schedule. */
export interface GrayFault {
  /** Short label for the report, e.g. `redis latency 1500ms`. */
  readonly name: string;
  /** What should hold while it is on (stated before the experiment, as Chaos Monkey asks). */
  readonly hypothesis: string;
  /** The dependency that gets a toxic; absent for slow clients. */
  readonly target?: FaultTarget;
  readonly toxic?: ToxicSpec;
  readonly slowClients?: SlowClientSpec;
}

const toxic = (type: string, attributes: Record<string, number>): ToxicSpec => ({
  name: `gray-${type}`,
  type,
  stream: 'downstream',
  attributes,
});

/** Default schedule: every kind of gray fault once; 32 s each with the default timing. */
export const GRAY_FAULTS: readonly GrayFault[] = [
  // Well below the 500 ms attempt timeout on purpose: Toxiproxy delays the chunks of one
  // connection one after the other, and the Redis client multiplexes every command of a process
  // on one connection, so a reply can wait up to twice the latency (300 ms opened the breaker).
  {
    name: 'redis latency 150ms',
    target: 'redis',
    toxic: toxic('latency', { latency: 150, jitter: 20 }),
    hypothesis:
      'below the 500 ms attempt timeout (even doubled by queueing on the one connection): reads slower but from the cache, breaker closed',
  },
  {
    name: 'redis latency 1500ms',
    target: 'redis',
    toxic: toxic('latency', { latency: 1500, jitter: 100 }),
    hypothesis: 'above the attempt timeout: timelines degraded from Postgres, Redis breaker opens, no reply past its deadline',
  },
  {
    name: 'postgres latency 400ms',
    target: 'postgres',
    toxic: toxic('latency', { latency: 400, jitter: 50 }),
    hypothesis: 'below the 2 s attempt timeout: posts slower but acknowledged, nothing lost',
  },
  {
    name: 'kafka latency 1500ms',
    target: 'kafka',
    toxic: toxic('latency', { latency: 1500, jitter: 100 }),
    hypothesis: 'outbox relay publishes late through the proxy, posts still acknowledged, fan-out catches up, exactly once',
  },
  {
    name: 'redis stall (timeout toxic)',
    target: 'redis',
    toxic: toxic('timeout', { timeout: 0 }),
    hypothesis: 'a half-open connection: attempt timeouts, degraded reads, breaker opens; back to green once data flows',
  },
  {
    name: 'redis bandwidth 32 kB/s',
    target: 'redis',
    toxic: toxic('bandwidth', { rate: 32 }),
    hypothesis: 'a thin link: queueing turns into attempt timeouts, reads degrade instead of failing',
  },
  {
    name: 'postgres reset',
    target: 'postgres',
    toxic: toxic('reset_peer', { timeout: 0 }),
    hypothesis: 'every connection reset: posts 503 fast, Postgres breaker opens, no post acknowledged and then lost',
  },
  {
    name: 'slow clients POST /media',
    slowClients: { endpoint: 'media', clients: 6, bytes: 300_000, bytesPerSecond: 20_000 },
    hypothesis: 'uploads at 20 kB/s (15 s > S3 attempt timeout): stored, no S3 timeout, S3 breaker closed',
  },
  {
    name: 'slow clients POST /posts',
    slowClients: { endpoint: 'posts', clients: 6, bytes: 200, bytesPerSecond: 20 },
    hypothesis:
      "a post body at 20 B/s (10 s): reading it is the request's time, not Postgres's; Postgres breaker and other users untouched",
  },
];

/**
 * Timing of the schedule, ms. Every fault gets a fixed slot (hold, then recovery), so the whole
 * run has a known length k6 can be given up front; green is measured inside the recovery part.
 */
export interface GrayTiming {
  /** Steady load before the first fault. */
  readonly warmupMs: number;
  /** How long each fault stays on. */
  readonly holdMs: number;
  /** After removal: time back to green is measured in here (the target is 10 s), the rest is steady load. */
  readonly recoveryMs: number;
}

export const DEFAULT_GRAY_TIMING: GrayTiming = { warmupMs: 15_000, holdMs: 18_000, recoveryMs: 14_000 };

/** Length of the schedule, s: what k6's duration must cover. */
export function grayScheduleSeconds(faults: readonly GrayFault[], timing: GrayTiming): number {
  return Math.ceil((timing.warmupMs + faults.length * (timing.holdMs + timing.recoveryMs)) / 1000);
}

/** Picks faults by a comma-separated filter on their names (`--faults redis,slow`); all when empty. */
export function selectGrayFaults(filter: string | undefined): GrayFault[] {
  const words = (filter ?? '')
    .split(',')
    .map((word) => word.trim())
    .filter(Boolean);
  if (words.length === 0) return [...GRAY_FAULTS];
  return GRAY_FAULTS.filter((fault) => words.some((word) => fault.name.includes(word)));
}
