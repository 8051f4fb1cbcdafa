/**
 * Calibration for the overload scenario, measured in the same invocation as the overload runs
 * it scales, each step on fresh instances after an unmeasured warm-up (20 s, as the overload
 * runs' ramp before their measured hold: fresh instances ran up to 5x slower for ~15 s):
 * - capacity = the plateau of goodput of a closed model (shedding off, so nothing is refused)
 *   stepped over 32, 64, 128 and 256 users for 10 s each: the best step's goodput/s. One run at
 *   64 users (the first method) left the instances under-used and counted the cold start, and
 *   reported 688 req/s for a system that then served 1,168 req/s with shedding off;
 * - unloaded p99 = p99 of admitted requests at a quarter of that capacity (shedding on, as
 *   deployed), again after the warm-up (cold-start outliers had inflated it, loosening the
 *   p99 target).
 */
import { readFile } from 'node:fs/promises';
import type { K6Summary } from '../report/report-model.ts';
import { runK6 } from './k6-process.ts';
import { startSystemUnderTest } from './system-under-test.ts';
import type { SystemUnderTestOptions } from './system-under-test.ts';

/** Options of {@link calibrate}. */
export interface CalibrateOptions {
  readonly outDir: string;
  readonly script: string;
  readonly k6Env: Readonly<Record<string, string | number>>;
  readonly sut: SystemUnderTestOptions;
  readonly connection: Record<string, string>;
  /** Virtual users of the closed-model steps (default 32, 64, 128, 256). */
  readonly closedSteps?: readonly number[];
  /** Measured seconds per step (default 10); each run also warms up for 20 s first. */
  readonly seconds?: number;
}

/** What calibration measured. */
export interface Calibration {
  /** Sustained goodput, requests/s. */
  readonly capacity: number;
  /** p99 of admitted requests at a quarter of capacity, ms. */
  readonly unloadedP99: number;
  /** p99 of admitted requests in the step that gave the capacity, ms. */
  readonly closedP99: number;
  /** Users of that step. */
  readonly closedVus: number;
  /** Goodput/s of every step, for the report. */
  readonly steps: readonly { vus: number; goodput: number; p99: number }[];
}

const stat = (summary: K6Summary, metric: string, name: string): number => Number(summary.metrics[metric]?.[name] ?? Number.NaN);

/** Runs both calibration steps against fresh instances. */
export async function calibrate(options: CalibrateOptions): Promise<Calibration> {
  const seconds = options.seconds ?? 10;
  const closedSteps = options.closedSteps ?? [32, 64, 128, 256];
  const closed = await measure(
    options,
    'calibrate-capacity',
    { ...options.sut, env: { ...options.sut.env, LOAD_SHEDDING: 'off' } },
    { CLOSED_STEPS: closedSteps.join(','), STEP_SECONDS: seconds },
  );
  const steps = closedSteps.map((vus) => ({
    vus,
    goodput: stat(closed, `goodput{scenario:step${vus}}`, 'count') / seconds,
    p99: stat(closed, `admitted_duration{scenario:step${vus}}`, 'p(99)'),
  }));
  const best = steps.reduce((a, b) => (b.goodput > a.goodput ? b : a));
  const capacity = Math.round(best.goodput);
  if (!(capacity > 0)) throw new Error(`calibration measured no goodput (steps: ${JSON.stringify(steps)}); see calibrate-capacity.k6.log`);
  const unloaded = await measure(options, 'calibrate-unloaded', options.sut, {
    RATE: Math.max(1, Math.round(capacity / 4)),
    STEP_SECONDS: seconds,
  });
  return {
    capacity,
    unloadedP99: stat(unloaded, 'admitted_duration{scenario:rate}', 'p(99)'),
    closedP99: best.p99,
    closedVus: best.vus,
    steps,
  };
}

async function measure(
  options: CalibrateOptions,
  name: string,
  sut: SystemUnderTestOptions,
  env: Record<string, string | number>,
): Promise<K6Summary> {
  const running = await startSystemUnderTest(sut, options.connection);
  try {
    const result = await runK6({
      script: options.script,
      outDir: options.outDir,
      name,
      env: { ...options.k6Env, ...env },
      echo: false,
      ...(sut.pin ? { cpus: sut.pin.loadCpus } : {}),
    });
    return JSON.parse(await readFile(result.summaryPath, 'utf8')) as K6Summary;
  } finally {
    await running.stop();
  }
}
