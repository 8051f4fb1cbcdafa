/**
 * The latency round of the read benches: an open-model k6 round at a fixed rate, with the
 * functions' own latency histogram (from the metrics sidecar) and their instances' event-loop
 * delay and GC pauses (preload/runtime-stats.ts) over the same seconds, and the client's and
 * the server's histograms in the same buckets, to print side by side.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { bucketDelta, observations, quantileMs, readSidecarBuckets } from '../runner/server-latency.ts';
import { k6Round } from './bench-k6.ts';
import type { RoundResult } from './bench-k6.ts';
import { readRuntimeWindow } from './runtime-stats-window.ts';
import type { RuntimeWindow } from './runtime-stats-window.ts';

/** Longer than the instances' 5 s metrics push interval. */
const PUSH_WAIT_MS = 6_000;

/** A half-load round: k6's figures, the functions' own latency and runtime over the same requests. */
export interface HalfLoadResult extends RoundResult {
  readonly serverP50: number;
  readonly serverP99: number;
  readonly serverCount: number;
  /** Server observations per bucket (same bounds as the client's `buckets`, then above the last). */
  readonly serverBuckets: readonly number[];
  readonly runtime: RuntimeWindow;
}

/** What {@link halfLoadRound} needs. */
export interface HalfLoadRoundOptions {
  readonly label: string;
  readonly k6Env: Record<string, string | number>;
  readonly rate: number;
  readonly seconds: number;
  readonly serverPid: number | undefined;
  readonly cpus: string | undefined;
  readonly sidecarUrl: string;
  readonly fn: string;
  /** Where the variant's instances write their runtime seconds. */
  readonly runtimeStatsDir: string;
}

/** Runs the round; see the file comment. */
export async function halfLoadRound(options: HalfLoadRoundOptions): Promise<HalfLoadResult> {
  // Instances push every 5 s: wait until the previous round's requests are all in, and after
  // the round for the push that holds its last ones.
  await sleep(PUSH_WAIT_MS);
  const before = await readSidecarBuckets(options.sidecarUrl, options.fn);
  const startedAt = Date.now();
  const client = await k6Round(
    options.label,
    { ...options.k6Env, MODE: 'open', RATE: options.rate, SECONDS: options.seconds, HISTOGRAM: 1 },
    options.serverPid,
    options.cpus,
  );
  const endedAt = Date.now();
  await sleep(PUSH_WAIT_MS);
  const round = bucketDelta(before, await readSidecarBuckets(options.sidecarUrl, options.fn));
  const cumulative = [...round].sort((a, b) => a[0] - b[0]).map(([, count]) => count);
  return {
    ...client,
    serverP50: quantileMs(round, 0.5),
    serverP99: quantileMs(round, 0.99),
    serverCount: observations(round),
    serverBuckets: cumulative.map((count, i) => count - (i === 0 ? 0 : (cumulative[i - 1] ?? 0))),
    // Skip k6's first second (VUs starting) and count the seconds that ended inside the round.
    runtime: await readRuntimeWindow(options.runtimeStatsDir, startedAt + 1_000, endedAt),
  };
}

const BOUND_LABELS = ['1', '2.5', '5', '10', '25', '50', '100', '250', '500', '1000', '2500', '5000', '10000', '30000', 'above'];

/** The client's and the server's histograms of one round as table lines (share per bucket, % of requests). */
export function histogramLines(label: string, result: HalfLoadResult): string[] {
  const clientTotal = result.buckets.reduce((sum, n) => sum + n, 0) || 1;
  const serverTotal = result.serverBuckets.reduce((sum, n) => sum + n, 0) || 1;
  const last = Math.max(
    result.buckets.findLastIndex((n) => n > 0),
    result.serverBuckets.findLastIndex((n) => n > 0),
  );
  const lines = [`${label}: latency histogram, % of responses per bucket (ms, upper bound); client = k6, server = the functions' own`];
  lines.push(['<= ms'.padEnd(7), 'client %'.padStart(9), 'server %'.padStart(9)].join(' '));
  for (let i = 0; i <= last; i += 1) {
    const share = (n: number | undefined, total: number): string => (((n ?? 0) * 100) / total).toFixed(2).padStart(9);
    lines.push(
      [(BOUND_LABELS[i] ?? '').padEnd(7), share(result.buckets[i], clientTotal), share(result.serverBuckets[i], serverTotal)].join(' '),
    );
  }
  const r = result.runtime;
  lines.push(
    `${label}: instances' runtime over the round (${r.seconds} instance-seconds): event-loop delay p99 ${r.delayP99Median.toFixed(1)} ms (median second), ${r.delayP99Worst.toFixed(1)} ms (worst second), longest stall ${r.delayMax.toFixed(1)} ms; GC ${r.gcCount} pauses (${r.gcMajorCount} major), ${r.gcMsPerSecond.toFixed(1)} ms per instance-second, longest ${r.gcMaxMs.toFixed(1)} ms`,
  );
  return lines;
}
