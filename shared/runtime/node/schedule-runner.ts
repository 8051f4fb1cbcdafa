import type { ScheduleContext, ScheduleTrigger } from '#shared/app/triggers.ts';
import { errorFields } from '#shared/observability/logger.ts';
import type { Logger } from '#shared/observability/logger.ts';
import { sleep } from '#shared/runtime/sleep.ts';

/** Options of {@link startSchedule}. */
export interface ScheduleRunnerOptions {
  /** Builds the handler's context for one run (deps, logger, metrics). */
  readonly context: (run: { signal: AbortSignal; scheduledTime: number }) => ScheduleContext;
  readonly logger: Logger;
  /** Milliseconds one run may take before its signal aborts (default max(30 s, 10 x everyMs)). */
  readonly runTimeoutMs?: number;
  /** After stop, how long a run in progress may still finish, in ms (default 5000). */
  readonly drainMs?: number;
  /** Clock (tests). */
  readonly now?: () => number;
}

/** A running schedule. */
export interface RunningSchedule {
  readonly name: string;
  /** Completed runs (successful or not). */
  readonly runs: number;
  /** Stops the timer; waits for the run in progress (bounded by the drain period). */
  stop(): Promise<void>;
}

/**
 * Runs a schedule on a timer, never overlapping itself: the next run is due `everyMs` after the
 * previous one was due, and starts only once it has finished. A run that overruns its period
 * is followed at once by the next (missed ticks are not replayed). A failing run is logged and
 * the schedule goes on: the next tick is the retry.
 */
export function startSchedule(schedule: ScheduleTrigger, options: ScheduleRunnerOptions): RunningSchedule {
  const now = options.now ?? Date.now;
  const runTimeoutMs = options.runTimeoutMs ?? Math.max(30_000, schedule.everyMs * 10);
  const drainMs = options.drainMs ?? 5000;
  const stopController = new AbortController();
  const logger = options.logger.child({ schedule: schedule.name });
  let runs = 0;

  const loop = (async () => {
    let due = now();
    while (!stopController.signal.aborted) {
      const wait = due - now();
      if (
        wait > 0 &&
        !(await sleep(wait, stopController.signal).then(
          () => true,
          () => false,
        ))
      )
        break;
      const runController = new AbortController();
      const timeout = setTimeout(() => runController.abort(new DOMException('schedule run timed out', 'TimeoutError')), runTimeoutMs);
      let drainTimer: ReturnType<typeof setTimeout> | undefined;
      const onStop = (): void => {
        drainTimer = setTimeout(() => runController.abort(new Error('stopping: drain period over')), drainMs);
      };
      stopController.signal.addEventListener('abort', onStop, { once: true });
      try {
        await schedule.handler(options.context({ signal: runController.signal, scheduledTime: due }));
      } catch (error) {
        logger.warn('schedule run failed', errorFields(error));
      } finally {
        clearTimeout(timeout);
        if (drainTimer) clearTimeout(drainTimer);
        stopController.signal.removeEventListener('abort', onStop);
        runs += 1;
      }
      // Next run: one period after this one was due, or now if that has passed already.
      due = Math.max(due + schedule.everyMs, now());
    }
  })();

  return {
    name: schedule.name,
    get runs() {
      return runs;
    },
    async stop() {
      stopController.abort(new Error('schedule stopping'));
      await loop;
    },
  };
}
