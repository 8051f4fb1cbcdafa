/**
 * CPU time of processes from /proc (Linux), so a benchmark can split the machine's CPU between
 * the load generator and the server under test: on two shared cores, every microsecond k6 spends
 * on a request is a microsecond the server does not get.
 */
import { readdir, readFile } from 'node:fs/promises';

/** USER_HZ: /proc reports CPU times in clock ticks of 1/100 s on Linux. */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime of the process itself, in seconds. */
  readonly cpu: number;
  /** cutime + cstime: CPU of its children that exited and were waited for, in seconds. */
  readonly reapedChildrenCpu: number;
}

async function readStat(pid: number | 'self'): Promise<ProcStat | undefined> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: split after its last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ticks = (index: number): number => Number(fields[index]);
    // fields[0] is field 3 (state): ppid is field 4, utime..cstime are fields 14-17.
    return {
      pid: Number(text.slice(0, text.indexOf(' '))),
      ppid: ticks(1),
      cpu: (ticks(11) + ticks(12)) / TICKS_PER_SECOND,
      reapedChildrenCpu: (ticks(13) + ticks(14)) / TICKS_PER_SECOND,
    };
  } catch {
    return undefined; // the process exited while we looked
  }
}

/** CPU seconds (user + system) used so far by one process; `undefined` once it has exited or off Linux. */
export async function processCpuSeconds(pid: number): Promise<number | undefined> {
  return (await readStat(pid))?.cpu;
}

/** The live processes of a tree: `rootPid` and every descendant (cluster workers included). */
async function treeStats(rootPid: number): Promise<ProcStat[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const stats = (await Promise.all(pids.map((pid) => readStat(pid)))).filter((stat) => stat !== undefined);
  const tree = new Set([rootPid]);
  // Parents precede children in pid order almost always; loop until no process joins the tree.
  for (let grew = true; grew;) {
    grew = false;
    for (const stat of stats) {
      if (!tree.has(stat.pid) && tree.has(stat.ppid)) {
        tree.add(stat.pid);
        grew = true;
      }
    }
  }
  return stats.filter((stat) => tree.has(stat.pid));
}

/** Pids of `rootPid` and every live descendant. */
export async function treePids(rootPid: number): Promise<number[]> {
  return (await treeStats(rootPid)).map((stat) => stat.pid);
}

/** CPU seconds used so far by `rootPid` and every live descendant (cluster workers included). */
export async function treeCpuSeconds(rootPid: number): Promise<number> {
  return (await treeStats(rootPid)).reduce((sum, stat) => sum + stat.cpu, 0);
}

/** CPU seconds of this process's children that have exited (e.g. a finished k6 run). */
export async function exitedChildrenCpuSeconds(): Promise<number> {
  return (await readStat('self'))?.reapedChildrenCpu ?? 0;
}
