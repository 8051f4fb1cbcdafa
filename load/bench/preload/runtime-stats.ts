/**
 * Preload of the timeline bench (`node --import <this file>`, inherited by the cluster's
 * instances): each instance records its event-loop delay (`monitorEventLoopDelay`, 1 ms
 * resolution) and its GC pauses (`PerformanceObserver` on 'gc'), and appends one JSON line per
 * second to `$BENCH_RUNTIME_STATS_DIR/<pid>.jsonl`, so the bench can put them beside the
 * latency of the same seconds. Bench only; a no-op without the variable or in the primary.
 */
import cluster from 'node:cluster';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PerformanceObserver, constants, monitorEventLoopDelay } from 'node:perf_hooks';

/** One second of one instance (durations in ms). */
export interface RuntimeSecond {
  readonly at: number;
  readonly pid: number;
  readonly delay: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly gc: { readonly count: number; readonly totalMs: number; readonly maxMs: number; readonly majorCount: number };
}

const dir = process.env['BENCH_RUNTIME_STATS_DIR'];
if (dir && cluster.isWorker) {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${process.pid}.jsonl`);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let gc = { count: 0, totalMs: 0, maxMs: 0, majorCount: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      gc.count += 1;
      gc.totalMs += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.majorCount += 1;
    }
  }).observe({ entryTypes: ['gc'] });
  const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
  setInterval(() => {
    const second: RuntimeSecond = {
      at: Date.now(),
      pid: process.pid,
      delay: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
      gc,
    };
    delay.reset();
    gc = { count: 0, totalMs: 0, maxMs: 0, majorCount: 0 };
    appendFile(file, `${JSON.stringify(second)}\n`).catch(() => undefined);
  }, 1_000).unref();
}
