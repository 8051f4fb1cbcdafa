/**
 * CPU pinning of a benchmark: the load generator on one core, the system under test (functions
 * and the services they call) on the others, so a figure measures the server and not the two of
 * them fighting over two cores. Uses util-linux's `taskset` (Debian's base system has it);
 * affinity is inherited, so a pinned process's later children and threads stay pinned too.
 */
import { availableParallelism } from 'node:os';
import { serviceStatus } from '#local-infra/services/index.ts';
import { runCommand } from '#local-infra/services/run-command.ts';
import { treePids } from '../bench/process-cpu.ts';

/** `pinned`: load generator and server on separate cores; `unpinned`: the scheduler decides. */
export type PinMode = 'pinned' | 'unpinned';

/** Which cores the load generator and the system under test get (taskset lists, e.g. `0` and `1`). */
export interface CpuSplit {
  readonly loadCpus: string;
  readonly serverCpus: string;
  readonly allCpus: string;
}

/** Core 0 for the load generator, the rest for the server; none on a single-core machine. */
export function cpuSplit(cores = availableParallelism()): CpuSplit | undefined {
  if (cores < 2) return undefined;
  const last = cores - 1;
  return { loadCpus: '0', serverCpus: last === 1 ? '1' : `1-${last}`, allCpus: `0-${last}` };
}

/**
 * The modes a benchmark runs, from BENCH_PIN: `both` (default: unpinned then pinned, one run, so
 * the two are compared on the same machine state), `pinned` or `unpinned`.
 */
export function pinModes(env: Readonly<Record<string, string | undefined>>, split: CpuSplit | undefined): PinMode[] {
  const wanted = env['BENCH_PIN'] ?? 'both';
  if (!['both', 'pinned', 'unpinned'].includes(wanted)) throw new Error(`BENCH_PIN must be both, pinned or unpinned, not "${wanted}"`);
  if (!split) return ['unpinned'];
  if (wanted === 'both') return ['unpinned', 'pinned'];
  return [wanted as PinMode];
}

/** `command args` run on `cpus` (prefixed with taskset), or unchanged when `cpus` is undefined. */
export function onCpus(cpus: string | undefined, command: string, args: readonly string[]): [string, string[]] {
  return cpus === undefined ? [command, [...args]] : ['taskset', ['--cpu-list', cpus, command, ...args]];
}

/** Sets the affinity of every thread of every process of each tree (root pid and descendants). */
export async function setTreeAffinity(rootPids: readonly number[], cpus: string): Promise<void> {
  const pids = new Set((await Promise.all(rootPids.map((pid) => treePids(pid)))).flat());
  for (const pid of pids) {
    // A process may exit between the listing and here (a worker respawned): that is fine.
    await runCommand('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(pid)]).catch(() => undefined);
  }
}

/** Pids of the running local services (Postgres, Redis, Kafka, MinIO...), the server's dependencies. */
export async function servicePids(): Promise<number[]> {
  return (await serviceStatus()).flatMap((status) => (status.pid === undefined ? [] : [status.pid]));
}

/**
 * Pins the system under test (the given process trees plus every running local service) to the
 * server cores, and returns the function that gives them every core back.
 */
export async function pinSystemUnderTest(serverPids: readonly number[], split: CpuSplit): Promise<() => Promise<void>> {
  const roots = [...serverPids, ...(await servicePids())];
  await setTreeAffinity(roots, split.serverCpus);
  return () => setTreeAffinity(roots, split.allCpus);
}
