import type { FunctionLimits } from '../../app/platform-limits.ts';

/**
 * Node flags that cap a function instance's V8 heap at its `memoryMb` (ADR 0024), for the
 * platform to put in the instance process's `execArgv`:
 * `fork(entry, args, { execArgv: [...nodeMemoryExecArgv(limitsOf(definition, env))], env })`.
 *
 * `--max-heap-size` caps the whole heap, young and old generations together, as a Workers
 * isolate's 128 MB counts its whole JS heap. `--max-old-space-size` alone would not: with it at
 * 128, Node 24 here reported a heap limit of 320 MB (the young generation's semi-spaces come on
 * top). Memory outside the V8 heap (buffers, sockets, native code) is not capped, in production
 * either, which counts the heap and WebAssembly memory only.
 *
 * Past the cap V8 aborts the process ("Reached heap limit ... JavaScript heap out of memory",
 * SIGABRT): the error production gives (Workers reset the isolate, Lambda kills the runtime);
 * see {@link isHeapLimitExit}.
 */
export function nodeMemoryExecArgv(limits: Pick<FunctionLimits, 'memoryMb'>): string[] {
  const { memoryMb } = limits;
  if (!Number.isInteger(memoryMb) || memoryMb < 1) throw new RangeError(`memoryMb must be a positive integer, got ${memoryMb}`);
  return [`--max-heap-size=${memoryMb}`];
}

/** How an instance process ended (the arguments of the child's `exit` event, plus its stderr tail). */
export interface InstanceExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderrTail?: string;
}

/**
 * True when the instance ended because its heap passed the memory limit: V8's fatal
 * out-of-memory message, or the SIGABRT it ends with when stderr was not kept. For the
 * platform's `platform_limit_exceeded_total{limit="memory"}` and its log line.
 */
export function isHeapLimitExit(exit: InstanceExit): boolean {
  if (exit.stderrTail?.includes('JavaScript heap out of memory')) return true;
  return exit.stderrTail === undefined && exit.signal === 'SIGABRT';
}
