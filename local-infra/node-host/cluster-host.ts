/**
 * Production-like Node hosting: several instances (processes) per function behind the
 * function's one port, as a platform runs several copies of a serverless function.
 *
 * `node:cluster` shares each listening socket: the primary accepts connections and hands them
 * to the workers round-robin (SCHED_RR, Linux's default), so a keep-alive load generator with
 * a few dozen connections still spreads evenly, which SO_REUSEPORT's 4-tuple hashing does not
 * guarantee. Each worker serves ONE function through the ordinary Node host, so it owns its
 * own pools (sized per instance) and runs whatever triggers the host runs.
 */
import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';

/** Options of {@link startClusterHost}. */
export interface ClusterHostOptions {
  /** Names of the functions to serve (each on its own port). */
  readonly functions: readonly string[];
  /** Processes per function (default 2: one per core of the reference machine). */
  readonly instances?: number;
  /**
   * Postgres connections all instances may hold together (default 60): each instance gets
   * `max(2, floor(budget / processes))`, unless `DATABASE_POOL_SIZE` is set explicitly.
   */
  readonly poolBudget?: number;
  /** Environment handed to every worker (default `process.env`); LOG_LEVEL defaults to `warn`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Respawn a worker that died unexpectedly (default true), at most 5 times per function. */
  readonly respawn?: boolean;
  /** Called for lifecycle events (ready, exit, respawn), e.g. to log them. */
  readonly onEvent?: (event: ClusterEvent) => void;
}

/** A lifecycle event of the cluster. */
export interface ClusterEvent {
  readonly type: 'ready' | 'exit' | 'respawn';
  readonly function: string;
  readonly pid: number;
  readonly detail?: string;
}

/** One running worker. */
export interface ClusterInstance {
  readonly function: string;
  readonly index: number;
  readonly pid: number;
  readonly port: number;
}

/** A running cluster. */
export interface ClusterHost {
  /** Current instances (respawned ones replace dead ones). */
  instances(): readonly ClusterInstance[];
  /** Asks every worker to drain (in-flight requests finish), then waits for all to exit. */
  close(timeoutMs?: number): Promise<void>;
}

/** Raised when a worker fails to start (bad function name, port taken...). */
export class ClusterHostError extends Error {
  readonly code = 'cluster_start_failed';
  constructor(message: string) {
    super(message);
    this.name = 'ClusterHostError';
  }
}

/** Message a worker sends to the primary. */
export type WorkerMessage = { type: 'ready'; port: number } | { type: 'failed'; error: string };

const WORKER_ENTRY = fileURLToPath(new URL('./instance-worker.ts', import.meta.url));
const MAX_RESPAWNS = 5;

/** Forks the workers (must run in a cluster primary) and resolves once every one listens. */
export async function startClusterHost(options: ClusterHostOptions): Promise<ClusterHost> {
  if (!cluster.isPrimary) throw new ClusterHostError('startClusterHost must run in the primary process');
  const instancesPerFunction = options.instances ?? 2;
  const env = options.env ?? process.env;
  const processes = options.functions.length * instancesPerFunction;
  const poolSize = env['DATABASE_POOL_SIZE'] ?? String(Math.max(2, Math.floor((options.poolBudget ?? 60) / Math.max(1, processes))));
  const onEvent = options.onEvent ?? (() => undefined);
  cluster.setupPrimary({ exec: WORKER_ENTRY, args: [], execArgv: process.execArgv, silent: false });

  const live = new Map<Worker, ClusterInstance>();
  const respawns = new Map<string, number>();
  let closing = false;

  const fork = (fn: string, index: number): Promise<ClusterInstance> => {
    const worker = cluster.fork({
      ...env,
      LOG_LEVEL: env['LOG_LEVEL'] ?? 'warn',
      DATABASE_POOL_SIZE: poolSize,
      ATLAS_WORKER_FUNCTION: fn,
      ATLAS_INSTANCE_INDEX: String(index),
    });
    return new Promise((resolve, reject) => {
      const onMessage = (message: WorkerMessage): void => {
        if (message.type === 'ready') {
          const instance = { function: fn, index, pid: worker.process.pid ?? 0, port: message.port };
          live.set(worker, instance);
          onEvent({ type: 'ready', function: fn, pid: instance.pid });
          resolve(instance);
        } else {
          reject(new ClusterHostError(`instance ${index} of "${fn}" failed to start: ${message.error}`));
        }
      };
      worker.on('message', onMessage);
      worker.once('exit', (code, signal) => {
        const known = live.get(worker);
        live.delete(worker);
        reject(new ClusterHostError(`instance ${index} of "${fn}" exited with ${code ?? signal} before it was ready`));
        if (!known || closing) return;
        onEvent({ type: 'exit', function: fn, pid: known.pid, detail: String(code ?? signal) });
        const count = (respawns.get(fn) ?? 0) + 1;
        respawns.set(fn, count);
        if ((options.respawn ?? true) && count <= MAX_RESPAWNS) {
          onEvent({ type: 'respawn', function: fn, pid: known.pid, detail: `attempt ${count}` });
          fork(fn, index).catch(() => undefined);
        }
      });
    });
  };

  const host: ClusterHost = {
    instances: () => [...live.values()],
    async close(timeoutMs = 15_000) {
      closing = true;
      const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (worker.isDead()) return resolve();
              const kill = setTimeout(() => worker.process.kill('SIGKILL'), timeoutMs);
              worker.once('exit', () => {
                clearTimeout(kill);
                resolve();
              });
              worker.send({ type: 'stop' });
            }),
        ),
      );
    },
  };

  const started = await Promise.allSettled(
    options.functions.flatMap((fn) => Array.from({ length: instancesPerFunction }, (_, index) => fork(fn, index))),
  );
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await host.close(5_000);
    throw failure.reason;
  }
  return host;
}
