/**
 * Reads what preload/runtime-stats.ts wrote (one JSON line per instance per second) for one
 * bench round and sums it up: the event-loop delay and GC pauses of the functions' instances
 * over exactly the seconds the round ran.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RuntimeSecond } from './preload/runtime-stats.ts';

/** The instances' runtime over one round (ms). */
export interface RuntimeWindow {
  /** Instance-seconds seen. */
  readonly seconds: number;
  /** Median over instance-seconds of each second's event-loop delay p99, and the worst second's p99. */
  readonly delayP99Median: number;
  readonly delayP99Worst: number;
  /** Longest single event-loop stall seen. */
  readonly delayMax: number;
  readonly gcCount: number;
  readonly gcMajorCount: number;
  /** GC pause per instance-second, and the longest pause. */
  readonly gcMsPerSecond: number;
  readonly gcMaxMs: number;
}

/** Lines of `dir` stamped in (`from`, `to`] epoch ms: a second is stamped at its end. */
export async function readRuntimeWindow(dir: string, from: number, to: number): Promise<RuntimeWindow> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const seconds: RuntimeSecond[] = [];
  for (const name of files.filter((file) => file.endsWith('.jsonl'))) {
    for (const line of (await readFile(join(dir, name), 'utf8')).split('\n')) {
      if (!line) continue;
      const second = JSON.parse(line) as RuntimeSecond;
      if (second.at > from && second.at <= to) seconds.push(second);
    }
  }
  return summarise(seconds);
}

/** The sums and maxima of {@link RuntimeWindow} over `seconds`. */
export function summarise(seconds: readonly RuntimeSecond[]): RuntimeWindow {
  const p99s = seconds.map((s) => s.delay.p99).sort((a, b) => a - b);
  const sum = (pick: (s: RuntimeSecond) => number): number => seconds.reduce((total, s) => total + pick(s), 0);
  const max = (pick: (s: RuntimeSecond) => number): number => seconds.reduce((worst, s) => Math.max(worst, pick(s)), 0);
  return {
    seconds: seconds.length,
    delayP99Median: p99s.length ? (p99s[Math.floor(p99s.length / 2)] ?? Number.NaN) : Number.NaN,
    delayP99Worst: p99s.at(-1) ?? Number.NaN,
    delayMax: max((s) => s.delay.max),
    gcCount: sum((s) => s.gc.count),
    gcMajorCount: sum((s) => s.gc.majorCount),
    gcMsPerSecond: seconds.length ? sum((s) => s.gc.totalMs) / seconds.length : Number.NaN,
    gcMaxMs: max((s) => s.gc.maxMs),
  };
}
