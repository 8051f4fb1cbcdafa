/**
 * The system under load: local services up and migrated, then the functions in
 * production-like form (local-infra/node-host/cluster-main.ts: N processes per function behind
 * its port) as a child process, so the runner's own work never shares their event loops.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { migrate } from '#local-infra/commands/migrate.ts';
import { connectionEnv, createInfraConfig, ensureUp, silentProgress } from '#local-infra/services/index.ts';
import type { ClusterInstance } from '#local-infra/node-host/cluster-host.ts';
import { pinSystemUnderTest, type CpuSplit } from './cpu-affinity.ts';

/** Options of {@link startSystemUnderTest}. */
export interface SystemUnderTestOptions {
  readonly functions: readonly string[];
  readonly instances: number;
  /** Postgres connections shared by every instance. */
  readonly poolBudget: number;
  /** Extra environment for the instances (LOAD_SHEDDING, REDIS_ADAPTER...). */
  readonly env?: Readonly<Record<string, string>>;
  /** Services to bring up (default all). */
  readonly services?: readonly string[];
  /** Pin the functions and the running services to the server cores, k6 to the load core. */
  readonly pin?: CpuSplit;
}

/** A lifecycle event of an instance during the run (crash, respawn). */
export interface InstanceEvent {
  readonly at: number;
  readonly event: string;
  readonly function?: string;
  readonly pid?: number;
  readonly detail?: string;
}

/** The running functions. */
export interface SystemUnderTest {
  readonly primaryPid: number;
  readonly instances: readonly ClusterInstance[];
  readonly events: InstanceEvent[];
  /** Drains and stops every instance. */
  stop(): Promise<void>;
}

/** Raised when the functions do not come up. */
export class SystemUnderTestError extends Error {
  readonly code = 'sut_start_failed';
  constructor(message: string) {
    super(message);
    this.name = 'SystemUnderTestError';
  }
}

const CLUSTER_MAIN = fileURLToPath(new URL('../../local-infra/node-host/cluster-main.ts', import.meta.url));

/** Services up + migrations (idempotent), returning the connection env of the shared instance. */
export async function prepareInfrastructure(services?: readonly string[]): Promise<Record<string, string>> {
  const infra = createInfraConfig();
  await ensureUp(services, { config: infra, progress: silentProgress });
  await migrate({ config: infra });
  return { ...connectionEnv(infra) };
}

/** Starts the cluster host and waits until every instance listens. */
export async function startSystemUnderTest(options: SystemUnderTestOptions, connection: Record<string, string>): Promise<SystemUnderTest> {
  const child = spawn(
    process.execPath,
    [
      CLUSTER_MAIN,
      '--functions',
      options.functions.join(','),
      '--instances',
      String(options.instances),
      '--pool-budget',
      String(options.poolBudget),
    ],
    {
      env: { ...connection, ...process.env, LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const events: InstanceEvent[] = [];
  const ready = await new Promise<{ primaryPid: number; instances: ClusterInstance[] }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new SystemUnderTestError('functions did not start within 60 s')), 60_000);
    child.once('exit', (code) => reject(new SystemUnderTestError(`cluster host exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      if (event['event'] === 'ready') {
        clearTimeout(timer);
        resolve(event as unknown as { primaryPid: number; instances: ClusterInstance[] });
      } else {
        events.push({ at: Date.now(), event: String(event['event']), ...(event as object) });
      }
    });
  });
  // Workers forked later (respawns) inherit the primary's affinity.
  const unpin = options.pin ? await pinSystemUnderTest([ready.primaryPid], options.pin) : undefined;
  return {
    ...ready,
    events,
    stop: async () => {
      await stopChild(child);
      await unpin?.();
    },
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
