/**
 * Runs the gray-fault schedule while k6 keeps a steady load: for each fault, add its toxic
 * through the Toxiproxy API (or start its slow clients), hold it, remove it, and measure the
 * time back to green; the rest of the fault's slot is steady load. Every toxic this code added
 * is removed again, also when the run is aborted; toxics of anyone else are left alone.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ToxiproxyClient } from '#local-infra/faults/toxiproxy-client.ts';
import type { DependencySnapshot } from './dependency-metrics.ts';
import type { GrayFault, GrayTiming } from './gray-schedule.ts';
import { timeToGreen, type GreenProbeTarget } from './green-probe.ts';
import { runSlowClients, type SlowClientResult, type SlowClientTarget } from './slow-clients.ts';

/** What happened to one fault of the schedule (epoch ms). */
export interface GrayFaultWindow {
  readonly fault: GrayFault;
  readonly appliedAt: number;
  readonly removedAt: number;
  /** End of this fault's slot (the next fault starts here). */
  readonly slotEndAt: number;
  /** Time from removal to green, ms; undefined when not green within the recovery part. */
  readonly greenMs: number | undefined;
  /** Why the last poll before green (or the timeout) was not green. */
  readonly notGreenReason: string;
  readonly before: DependencySnapshot | undefined;
  /** Sidecar counters when the fault was removed (the hold's own figures: call latency). */
  readonly atRemoval: DependencySnapshot | undefined;
  readonly after: DependencySnapshot | undefined;
  readonly slowClients?: readonly SlowClientResult[];
  /** The fault could not be applied (Toxiproxy error). */
  readonly error?: string;
}

/** Inputs of {@link runGrayFaults}. */
export interface GrayRunOptions {
  readonly faults: readonly GrayFault[];
  readonly timing: GrayTiming;
  readonly toxiproxy: ToxiproxyClient;
  readonly probe: GreenProbeTarget;
  readonly slowClientTarget: (endpoint: 'media' | 'posts') => SlowClientTarget;
  /** The latest sidecar snapshot (counters before and after each fault). */
  readonly metrics: () => DependencySnapshot | undefined;
  readonly signal?: AbortSignal;
  /** Progress line per step (stderr). */
  readonly log?: (line: string) => void;
}

const pause = (ms: number, signal?: AbortSignal): Promise<void> =>
  sleep(Math.max(0, ms), undefined, signal ? { signal } : {}).catch(() => undefined);

/** Runs the schedule; resolves with one window per fault once the last slot is over. */
export async function runGrayFaults(options: GrayRunOptions): Promise<GrayFaultWindow[]> {
  const { timing, signal } = options;
  const log = options.log ?? ((line: string) => console.error(`[gray] ${line}`));
  const windows: GrayFaultWindow[] = [];
  await pause(timing.warmupMs, signal);
  for (const fault of options.faults) {
    if (signal?.aborted) break;
    const before = options.metrics();
    const appliedAt = Date.now();
    const slotEndAt = appliedAt + timing.holdMs + timing.recoveryMs;
    let error: string | undefined;
    let slowClients: Promise<SlowClientResult[]> | undefined;
    log(`${fault.name}: on (${fault.hypothesis})`);
    try {
      if (fault.target && fault.toxic) await options.toxiproxy.addToxic(fault.target, fault.toxic);
      if (fault.slowClients) slowClients = runSlowClients(fault.slowClients, options.slowClientTarget, signal);
      await pause(timing.holdMs, signal);
    } catch (cause) {
      error = (cause as Error).message;
      log(`${fault.name}: could not apply: ${error}`);
    } finally {
      if (fault.target && fault.toxic) await removeQuietly(options.toxiproxy, fault.target, fault.toxic.name, log);
    }
    // Slow clients end by themselves; their slot ends when the last one has its reply.
    const slowResults = await slowClients?.catch(() => []);
    const removedAt = Date.now();
    const atRemoval = options.metrics();
    log(`${fault.name}: off`);
    const green =
      error || signal?.aborted
        ? { ms: undefined, lastReason: error ?? 'aborted' }
        : await timeToGreen(options.probe, removedAt, timing.recoveryMs);
    log(
      `${fault.name}: ${green.ms === undefined ? `not green after ${timing.recoveryMs / 1000} s (${green.lastReason})` : `green after ${(green.ms / 1000).toFixed(1)} s`}`,
    );
    await pause(slotEndAt - Date.now(), signal);
    windows.push({
      fault,
      appliedAt,
      removedAt,
      slotEndAt: Math.max(slotEndAt, Date.now()),
      greenMs: green.ms,
      notGreenReason: green.lastReason,
      before,
      atRemoval,
      after: options.metrics(),
      ...(slowResults ? { slowClients: slowResults } : {}),
      ...(error ? { error } : {}),
    });
  }
  return windows;
}

async function removeQuietly(toxiproxy: ToxiproxyClient, proxy: string, toxic: string, log: (line: string) => void): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await toxiproxy.removeToxic(proxy, toxic);
      return;
    } catch (error) {
      // 404: never added (the add failed), nothing to undo.
      if ((error as { status?: number }).status === 404) return;
      if (attempt === 2) log(`could not remove ${toxic} from ${proxy}: ${(error as Error).message}`);
      await sleep(200);
    }
  }
}
