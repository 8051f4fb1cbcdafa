/** One progress line: which service, which step, how long it has taken so far. */
export interface ProgressEvent {
  readonly service: string;
  readonly step: string;
  readonly phase: 'begin' | 'tick' | 'done' | 'info' | 'fail';
  readonly elapsedMs: number;
}

/** Receives progress events; the CLI prints them, tests may collect them. */
export type ProgressReporter = (event: ProgressEvent) => void;

/** Ticks are printed this often during long steps (apt, Maven, go install, health waits). */
const TICK_MS = 10_000;

/** Prints `[infra] postgres    starting ... 1.2s` lines to stderr (stdout stays for data). */
export const consoleProgress: ProgressReporter = (event) => {
  const seconds = (event.elapsedMs / 1000).toFixed(1);
  const mark = { begin: '..', tick: '..', done: 'ok', info: '--', fail: '!!' }[event.phase];
  const suffix = event.phase === 'begin' || event.phase === 'info' ? '' : ` (${seconds}s)`;
  process.stderr.write(`[infra] ${mark} ${event.service.padEnd(11)} ${event.step}${suffix}\n`);
};

/** Swallows progress (library default). */
export const silentProgress: ProgressReporter = () => {};

/**
 * Runs one named step, reporting begin, a tick every 10 s while it runs, and done/fail with
 * the elapsed time, so a slow first install never looks hung.
 */
export async function step<T>(
  progress: ProgressReporter,
  service: string,
  name: string,
  run: () => Promise<T>,
): Promise<T> {
  const started = Date.now();
  const elapsed = (): number => Date.now() - started;
  progress({ service, step: name, phase: 'begin', elapsedMs: 0 });
  const timer = setInterval(() => progress({ service, step: `${name} (still working)`, phase: 'tick', elapsedMs: elapsed() }), TICK_MS);
  timer.unref();
  try {
    const result = await run();
    progress({ service, step: name, phase: 'done', elapsedMs: elapsed() });
    return result;
  } catch (error) {
    progress({ service, step: `${name} failed`, phase: 'fail', elapsedMs: elapsed() });
    throw error;
  } finally {
    clearInterval(timer);
  }
}
