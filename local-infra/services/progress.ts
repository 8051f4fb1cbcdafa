/** One progress line: which service, which step, how long it has taken so far. */
export interface ProgressEvent {
  readonly service: string;
  readonly step: string;
  readonly phase: 'begin' | 'tick' | 'done' | 'info' | 'fail';
  readonly elapsedMs: number;
  /** Set on the events of a step that installs or builds something (apt, Maven, go install). */
  readonly install?: boolean;
}

/** Receives progress events; the CLI prints them, tests may collect them. */
export type ProgressReporter = (event: ProgressEvent) => void;

/** Options of {@link step}. */
export interface StepOptions {
  /** The step installs or builds something: it is listed in the install summary. */
  readonly install?: boolean;
}

/** A long step prints a "still working" line this often (apt, Maven, go install, health waits). */
export const TICK_MS = 30_000;

/** Prints `[infra] .. postgres    starting (1.2s)` lines to stderr (stdout stays for data). */
export const consoleProgress: ProgressReporter = (event) => {
  const seconds = (event.elapsedMs / 1000).toFixed(1);
  const mark = { begin: '..', tick: '..', done: 'ok', info: '--', fail: '!!' }[event.phase];
  const suffix = event.phase === 'begin' || event.phase === 'info' ? '' : ` (${seconds}s)`;
  process.stderr.write(`[infra] ${mark} ${event.service.padEnd(11)} ${event.step}${suffix}\n`);
};

/** Swallows progress (library default). */
export const silentProgress: ProgressReporter = () => {};

/** One finished install step, for the closing summary of `up` and `start`. */
export interface InstalledItem {
  readonly service: string;
  readonly step: string;
  readonly seconds: number;
}

/** A reporter that forwards every event and remembers the install steps that finished. */
export function recordInstalls(inner: ProgressReporter): { readonly progress: ProgressReporter; installed(): readonly InstalledItem[] } {
  const installed: InstalledItem[] = [];
  const progress: ProgressReporter = (event) => {
    if (event.install && event.phase === 'done')
      installed.push({ service: event.service, step: event.step, seconds: event.elapsedMs / 1000 });
    inner(event);
  };
  return { progress, installed: () => installed };
}

/** `installed: minio (go install ...) 171.2s, k6 (...) 95.0s` or `installed: nothing (all cached)`. */
export function formatInstallSummary(items: readonly InstalledItem[]): string {
  if (items.length === 0) return 'installed: nothing (everything was cached)';
  return `installed: ${items.map((item) => `${item.service} (${item.step}) ${item.seconds.toFixed(1)}s`).join(', ')}`;
}

/**
 * Steps running per service, innermost last: only the innermost one ticks, so a step that wraps
 * another (a service's install around its `go install`) does not print a second line.
 */
const activeSteps = new Map<string, symbol[]>();

/**
 * Runs one named step, reporting begin, a "still working" line every 30 s while it is the
 * innermost step of its service, and done/fail with the elapsed time, so a slow first install
 * never looks hung and never floods the terminal.
 */
export async function step<T>(
  progress: ProgressReporter,
  service: string,
  name: string,
  run: () => Promise<T>,
  options: StepOptions = {},
): Promise<T> {
  const started = Date.now();
  const install = options.install === true ? { install: true } : {};
  const emit = (phase: ProgressEvent['phase'], label: string): void =>
    progress({ service, step: label, phase, elapsedMs: Date.now() - started, ...install });
  const token = Symbol(name);
  const stack = activeSteps.get(service) ?? [];
  activeSteps.set(service, [...stack, token]);
  emit('begin', name);
  const timer = setInterval(() => {
    if (activeSteps.get(service)?.at(-1) === token) emit('tick', `${name} (still working)`);
  }, TICK_MS);
  timer.unref();
  try {
    const result = await run();
    emit('done', name);
    return result;
  } catch (error) {
    emit('fail', `${name} failed`);
    throw error;
  } finally {
    clearInterval(timer);
    const remaining = (activeSteps.get(service) ?? []).filter((each) => each !== token);
    if (remaining.length === 0) activeSteps.delete(service);
    else activeSteps.set(service, remaining);
  }
}
