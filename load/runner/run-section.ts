/**
 * One k6 run against a freshly started system: start the functions (with this run's env),
 * sample the system while k6 runs (and, for chaos, disturb the dependencies), stop the
 * functions, and collect everything the report needs.
 */
import { readFile } from 'node:fs/promises';
import { readK6Recording } from '../report/k6-record.ts';
import type { K6Summary, RunSection } from '../report/report-model.ts';
import { runChaos } from './chaos.ts';
import type { ChaosEvent, ChaosOptions } from './chaos.ts';
import { runK6 } from './k6-process.ts';
import type { K6RunResult } from './k6-process.ts';
import { startSampler } from './samplers.ts';
import { startSystemUnderTest } from './system-under-test.ts';
import type { SystemUnderTest, SystemUnderTestOptions } from './system-under-test.ts';

/** Options of {@link runSection}. */
export interface RunSectionOptions {
  readonly label: string;
  /** File-name stem of this run's k6 files. */
  readonly name: string;
  readonly script: string;
  readonly outDir: string;
  readonly k6Env: Readonly<Record<string, string | number>>;
  readonly sut: SystemUnderTestOptions;
  readonly connection: Record<string, string>;
  /** Disturb dependencies during the run. */
  readonly chaos?: ChaosOptions;
  /** Shown in the report's settings table. */
  readonly settings: Readonly<Record<string, string | number>>;
  /** Runs beside k6 (the gray-fault schedule); aborted when k6 ends first, awaited before the checks. */
  readonly during?: (signal: AbortSignal) => Promise<void>;
  /** Called with the running system after k6 ends, before it is stopped (the chaos checker). */
  readonly afterLoad?: (sut: SystemUnderTest, k6: K6RunResult) => Promise<void>;
}

/** Runs one section; the functions are always stopped again. */
export async function runSection(options: RunSectionOptions): Promise<RunSection> {
  const sut = await startSystemUnderTest(options.sut, options.connection);
  try {
    const sampler = startSampler({
      connection: options.connection,
      functions: options.sut.functions,
      processes: () => [
        { pid: sut.primaryPid, label: 'primary' },
        ...sut.instances.map((instance) => ({ pid: instance.pid, label: instance.function })),
      ],
    });
    let chaos: Promise<ChaosEvent[]> | undefined;
    let during: Promise<void> | undefined;
    let k6: K6RunResult;
    const abort = new AbortController();
    try {
      chaos = options.chaos ? runChaos({ ...options.chaos, signal: abort.signal }) : undefined;
      during = options.during?.(abort.signal);
      k6 = await runK6({
        script: options.script,
        outDir: options.outDir,
        name: options.name,
        env: options.k6Env,
        ...(options.sut.pin ? { cpus: options.sut.pin.loadCpus } : {}),
      });
    } finally {
      // A k6 failure aborts the remaining schedule; a stopped service is still restarted.
      abort.abort();
      await chaos?.catch(() => undefined);
      await during?.catch((error: unknown) => console.error(`[load] ${options.label}: ${(error as Error).message}`));
    }
    const samples = await sampler.stop();
    await options.afterLoad?.(sut, k6);
    const summary = JSON.parse(await readFile(k6.summaryPath, 'utf8')) as K6Summary;
    const serverErrors = await firstServerErrors(k6.logPath);
    return {
      label: options.label,
      thresholdsPassed: k6.thresholdsPassed,
      startedAt: k6.startedAt,
      endedAt: k6.endedAt,
      recording: await readK6Recording(k6.recordPath),
      summary,
      samples,
      ...(chaos ? { chaos: await chaos.catch(() => []) } : {}),
      instanceEvents: sut.events,
      settings: options.settings,
      serverErrors,
    };
  } finally {
    await sut.stop();
  }
}

/** The 5xx responses k6 logged (a few per VU), grouped: `count x op status body`. */
async function firstServerErrors(logPath: string): Promise<string[]> {
  const text = await readFile(logPath, 'utf8').catch(() => '');
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    const at = line.indexOf('5XX ');
    if (at < 0) continue;
    const msg = (JSON.parse(line) as { msg: string }).msg;
    const error = JSON.parse(msg.slice(msg.indexOf('5XX ') + 4)) as { op: string; status: number; body: string };
    // Request ids differ per line: group by the rest.
    const key = `${error.op} ${error.status} ${error.body.replace(/"(requestId|instance)":"[^"]*",?/g, '')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([key, count]) => `${count} x ${key}`);
}
