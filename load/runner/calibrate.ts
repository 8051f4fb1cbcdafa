/**
 * Calibration for the overload scenario: capacity = goodput of a closed-model run (enough
 * virtual users to keep every instance busy, shedding off so nothing is refused), and the
 * unloaded p99 = p99 of admitted requests at a quarter of that capacity (shedding on, as
 * deployed). Both are measured in the same invocation as the overload runs they scale.
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
  /** VUs of the closed-model run (default 64). */
  readonly closedVus?: number;
  /** Seconds per calibration run (default 15). */
  readonly seconds?: number;
}

/** What calibration measured. */
export interface Calibration {
  /** Sustained goodput, requests/s. */
  readonly capacity: number;
  /** p99 of admitted requests at a quarter of capacity, ms. */
  readonly unloadedP99: number;
  readonly closedP99: number;
}

const stat = (summary: K6Summary, metric: string, name: string): number => Number(summary.metrics[metric]?.[name] ?? Number.NaN);

/** Runs both calibration steps against fresh instances. */
export async function calibrate(options: CalibrateOptions): Promise<Calibration> {
  const seconds = options.seconds ?? 15;
  const closed = await measure(options, 'calibrate-capacity', { ...options.sut, env: { ...options.sut.env, LOAD_SHEDDING: 'off' } }, { CLOSED_VUS: options.closedVus ?? 64, DURATION: `${seconds}s` });
  const capacity = Math.round(stat(closed, 'goodput', 'rate'));
  const unloaded = await measure(options, 'calibrate-unloaded', options.sut, { RATE: Math.max(1, Math.round(capacity / 4)), DURATION: `${seconds}s` });
  return { capacity, unloadedP99: stat(unloaded, 'admitted_duration', 'p(99)'), closedP99: stat(closed, 'admitted_duration', 'p(99)') };
}

async function measure(options: CalibrateOptions, name: string, sut: SystemUnderTestOptions, env: Record<string, string | number>): Promise<K6Summary> {
  const running = await startSystemUnderTest(sut, options.connection);
  try {
    const result = await runK6({ script: options.script, outDir: options.outDir, name, env: { ...options.k6Env, ...env }, echo: false });
    return JSON.parse(await readFile(result.summaryPath, 'utf8')) as K6Summary;
  } finally {
    await running.stop();
  }
}
