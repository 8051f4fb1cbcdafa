/**
 * Samples the system once a second while k6 runs: memory and CPU of every function instance
 * (from /proc), Postgres connections (`pg_stat_activity`), Redis clients, the protection
 * counters the metrics sidecar aggregates (shed, rate-limited, deadline exceeded, breakers) and
 * whether each dependency's port answers. Every probe is bounded, so a stopped dependency
 * (chaos) shows up as a gap, not as a stalled sampler.
 */
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { localSetting } from '#shared/config/local-defaults.ts';

/** A process to watch. */
export interface WatchedProcess {
  readonly pid: number;
  readonly label: string;
}

/** One sample of the whole system. */
export interface SystemSample {
  readonly t: number;
  readonly load1: number;
  /** Per watched process: resident memory (MiB) and CPU (% of one core) since the last sample. */
  readonly processes: Record<string, { rssMb: number; cpuPct: number } | undefined>;
  readonly pgConnections?: { total: number; active: number; idle: number; idleInTransaction: number };
  readonly redisClients?: number;
  /** Sums over functions/dependencies of sidecar series (counters are cumulative). */
  readonly sidecar?: Record<string, number>;
  /** Does each dependency's TCP port accept a connection? */
  readonly dependencies: Record<string, boolean>;
}

/** Options of {@link startSampler}. */
export interface SamplerOptions {
  readonly processes: () => readonly WatchedProcess[];
  readonly connection: Readonly<Record<string, string>>;
  /** Functions under test: sidecar series of other functions (other sessions' benches) are left out. */
  readonly functions?: readonly string[];
  readonly intervalMs?: number;
}

/** A running sampler. */
export interface Sampler {
  stop(): Promise<SystemSample[]>;
}

const SIDECAR_SERIES = [
  'load_shed_requests_total',
  'rate_limited_requests_total',
  'deadline_exceeded_total',
  'http_requests_in_flight',
  'circuit_breaker_state',
  'bulkhead_rejected_total',
];
const CLOCK_TICKS = 100;

/** Starts sampling; `stop()` returns every sample. */
export function startSampler(options: SamplerOptions): Sampler {
  const env = options.connection;
  const sql = postgres(env['DATABASE_URL'] ?? '', { max: 1, connect_timeout: 1, idle_timeout: 5, onnotice: () => undefined });
  const redis = new Redis(env['REDIS_URL'] ?? '', {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: 500,
    retryStrategy: () => 1000,
  });
  redis.on('error', () => undefined);
  const sidecarUrl = `http://127.0.0.1:${localSetting('METRICS_SIDECAR_PORT', env)}/metrics`;
  const ports: Record<string, number> = {
    postgres: Number(localSetting('POSTGRES_PORT', env)),
    redis: Number(localSetting('REDIS_PORT', env)),
    kafka: Number(localSetting('KAFKA_PORT', env)),
    minio: Number(localSetting('MINIO_PORT', env)),
  };
  const samples: SystemSample[] = [];
  const lastCpu = new Map<number, { ticks: number; at: number }>();
  let stopped = false;

  const sampleOnce = async (): Promise<void> => {
    const t = Date.now();
    const [load1, processes, pgConnections, redisClients, sidecar, dependencies] = await Promise.all([
      readFile('/proc/loadavg', 'utf8').then((text) => Number(text.split(' ')[0])),
      sampleProcesses(options.processes(), lastCpu, t),
      bounded(pgConnectionCounts(sql)),
      bounded(redisClientCount(redis)),
      bounded(sidecarCounters(sidecarUrl, options.functions)),
      Promise.all(Object.entries(ports).map(async ([name, port]) => [name, await portOpen(port)] as const)).then(Object.fromEntries),
    ]);
    samples.push({
      t,
      load1,
      processes,
      dependencies,
      ...(pgConnections ? { pgConnections } : {}),
      ...(redisClients === undefined ? {} : { redisClients }),
      ...(sidecar ? { sidecar } : {}),
    });
  };

  const loop = (async () => {
    const interval = options.intervalMs ?? 1000;
    while (!stopped) {
      const started = Date.now();
      await sampleOnce().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, interval - (Date.now() - started))));
    }
  })();

  return {
    async stop() {
      stopped = true;
      await loop;
      await Promise.allSettled([sql.end({ timeout: 1 }), redis.quit()]);
      redis.disconnect();
      return samples;
    },
  };
}

async function bounded<T>(promise: Promise<T>, ms = 800): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function sampleProcesses(
  list: readonly WatchedProcess[],
  last: Map<number, { ticks: number; at: number }>,
  now: number,
): Promise<SystemSample['processes']> {
  const out: SystemSample['processes'] = {};
  await Promise.all(
    list.map(async ({ pid, label }) => {
      try {
        const [status, stat] = await Promise.all([readFile(`/proc/${pid}/status`, 'utf8'), readFile(`/proc/${pid}/stat`, 'utf8')]);
        const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
        // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ticks = Number(fields[11]) + Number(fields[12]);
        const previous = last.get(pid);
        last.set(pid, { ticks, at: now });
        const cpuPct = previous ? ((ticks - previous.ticks) / CLOCK_TICKS / ((now - previous.at) / 1000)) * 100 : 0;
        out[`${label}#${pid}`] = { rssMb: rssKb / 1024, cpuPct };
      } catch {
        out[`${label}#${pid}`] = undefined;
      }
    }),
  );
  return out;
}

async function pgConnectionCounts(sql: postgres.Sql): Promise<SystemSample['pgConnections']> {
  const rows = await sql<{ state: string | null; n: number }[]>`
    select state, count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() group by state`;
  const by = (state: string): number => rows.find((row) => row.state === state)?.n ?? 0;
  return {
    total: rows.reduce((sum, row) => sum + row.n, 0),
    active: by('active'),
    idle: by('idle'),
    idleInTransaction: by('idle in transaction'),
  };
}

async function redisClientCount(redis: Redis): Promise<number> {
  if (redis.status === 'wait') await redis.connect();
  const info = await redis.info('clients');
  return Number(/connected_clients:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

/** Sums each watched series over its labels (`circuit_breaker_state` is reported as its max). */
async function sidecarCounters(url: string, functions?: readonly string[]): Promise<Record<string, number>> {
  const response = await fetch(url, { signal: AbortSignal.timeout(700) });
  if (!response.ok) throw new Error(`sidecar ${response.status}`);
  const out: Record<string, number> = {};
  for (const line of (await response.text()).split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-z_]+)(?:\{([^}]*)\})?\s+(\S+)/.exec(line);
    const name = match?.[1];
    if (!name || !SIDECAR_SERIES.includes(name)) continue;
    const fn = /function="([^"]*)"/.exec(match[2] ?? '')?.[1];
    if (fn !== undefined && functions && !functions.includes(fn)) continue;
    const value = Number(match[3]);
    out[name] = name === 'circuit_breaker_state' ? Math.max(out[name] ?? 0, value) : (out[name] ?? 0) + value;
  }
  return out;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(300, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
