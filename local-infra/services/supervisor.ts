import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** How to launch one service process. */
export interface LaunchSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Run as another OS user (postgres refuses to run as root). */
  readonly uid?: number;
  readonly gid?: number;
}

/** What the pid file records, so a recycled pid is not mistaken for our process. */
export interface PidRecord {
  readonly pid: number;
  readonly command: string;
  readonly startedAt: string;
}

/** Paths the supervisor uses for one service. */
export interface SupervisedPaths {
  readonly pidFile: string;
  readonly logFile: string;
}

/** `.state/run/<name>.pid` and `.state/logs/<name>.log`. */
export function supervisedPaths(runDir: string, logDir: string, name: string): SupervisedPaths {
  return { pidFile: join(runDir, `${name}.pid`), logFile: join(logDir, `${name}.log`) };
}

/**
 * Spawns a detached process whose stdout/stderr append to the service log, writes its pid
 * file and lets it outlive the caller (the CLI exits, the service keeps running).
 */
export async function spawnDetached(spec: LaunchSpec, paths: SupervisedPaths): Promise<PidRecord> {
  await mkdir(join(paths.pidFile, '..'), { recursive: true });
  mkdirSync(join(paths.logFile, '..'), { recursive: true });
  const fd = openSync(paths.logFile, 'a');
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      detached: true,
      stdio: ['ignore', fd, fd],
      uid: spec.uid,
      gid: spec.gid,
    });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => resolve(child.pid ?? -1));
    });
    child.unref();
    const record: PidRecord = { pid, command: spec.command, startedAt: new Date().toISOString() };
    await writeFile(paths.pidFile, `${JSON.stringify(record)}\n`);
    return record;
  } finally {
    closeSync(fd);
  }
}

/** True when `pid` is a live (non-zombie) process running `command`. */
export function isProcessAlive(pid: number, command?: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\) Z /.test(stat)) return false;
    if (command) {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return cmdline.includes(basename(command));
    }
  } catch {
    // No /proc (not Linux): kill(0) already said it exists.
  }
  return true;
}

/** Reads the pid file; returns the record only if that process is still ours and alive. */
export async function readLivePid(pidFile: string): Promise<PidRecord | undefined> {
  let record: PidRecord;
  try {
    record = JSON.parse(await readFile(pidFile, 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
  if (isProcessAlive(record.pid, record.command)) return record;
  await rm(pidFile, { force: true });
  return undefined;
}

/** Waits until `pid` has exited or `timeoutMs` passed; true if it exited. */
export async function waitForExit(pid: number, command: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid, command)) return true;
    await sleep(100);
  }
  return !isProcessAlive(pid, command);
}

/**
 * Stops the process of a pid file: `signal` (SIGTERM by default), then SIGKILL after the
 * grace period. Removes the pid file. Returns 'not-running' when there was nothing to stop.
 */
export async function stopSupervised(
  paths: SupervisedPaths,
  options: { signal?: NodeJS.Signals; graceMs?: number } = {},
): Promise<'stopped' | 'not-running'> {
  const record = await readLivePid(paths.pidFile);
  if (!record) return 'not-running';
  const { signal = 'SIGTERM', graceMs = 10_000 } = options;
  try {
    process.kill(record.pid, signal);
  } catch {
    // Exited between the check and the signal.
  }
  if (!(await waitForExit(record.pid, record.command, graceMs))) {
    try {
      process.kill(record.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await waitForExit(record.pid, record.command, 5_000);
  }
  await rm(paths.pidFile, { force: true });
  return 'stopped';
}
