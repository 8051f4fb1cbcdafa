/** Command-line options of `npm run load -- <scenario> [options]`. */
import { parseArgs } from 'node:util';

export const SCENARIOS = ['steady', 'spike', 'overload', 'soak', 'chaos', 'gray', 'smoke'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** Parsed options with the scenario's defaults applied. */
export interface LoadOptions {
  readonly scenario: ScenarioName;
  /** Base arrival rate, requests/s. */
  readonly rate: number;
  readonly duration: string;
  readonly instances: number;
  readonly poolBudget: number;
  readonly functions: readonly string[] | undefined;
  readonly seedUsers: number;
  readonly mix: string;
  readonly maxVus: number;
  readonly deadlineMs: number;
  readonly redisAdapter: 'tcp' | 'rest';
  /** overload: skip calibration when both are given. */
  readonly capacity: number | undefined;
  readonly unloadedP99: number | undefined;
  readonly outDir: string | undefined;
  /** `--pin`: k6 on cpu 0, the functions and services on the other cores (see cpu-affinity.ts). */
  readonly pin: boolean;
  /** gray: only the faults whose names contain one of these comma-separated words. */
  readonly only: string | undefined;
}

/** Per-scenario defaults (rates sized for the 2-core reference machine; see docs/performance.md). */
const DEFAULTS: Record<ScenarioName, { rate: number; duration: string; maxVus: number }> = {
  steady: { rate: 300, duration: '60s', maxVus: 200 },
  spike: { rate: 150, duration: '20s', maxVus: 400 },
  overload: { rate: 0, duration: '30s', maxVus: 600 },
  soak: { rate: 200, duration: '10m', maxVus: 200 },
  chaos: { rate: 150, duration: '240s', maxVus: 400 },
  // The duration of gray follows from its schedule (load/runner/gray-schedule.ts).
  gray: { rate: 100, duration: '300s', maxVus: 400 },
  smoke: { rate: 50, duration: '20s', maxVus: 100 },
};

/** DDIA-shaped default mix: timeline reads dominate (Twitter 2012: ~65 reads per post). */
export const DEFAULT_MIX = 'timeline=85,user=6,post=6,follow=2,media=1';

const USAGE = `usage: npm run load -- <${SCENARIOS.join('|')}> [--rate N] [--duration 60s] [--instances 2]
  [--functions users,timeline,...] [--pool-budget 60] [--seed-users 200] [--mix ${DEFAULT_MIX}]
  [--max-vus N] [--deadline-ms 2000] [--redis-adapter tcp|rest] [--capacity N --unloaded-p99 MS] [--pin] [--only redis,slow] [--out DIR]`;

/** Raised for bad command-line input (printed with the usage). */
export class UsageError extends Error {
  readonly code = 'usage';
  constructor(message: string) {
    super(`${message}\n${USAGE}`);
    this.name = 'UsageError';
  }
}

const MAX_DURATION_SECONDS = 3600;

/** Seconds of a k6 duration string (`90s`, `10m`, `1h`). */
export function durationSeconds(text: string): number {
  const match = /^(\d+)(s|m|h)$/.exec(text);
  if (!match) throw new UsageError(`bad duration "${text}" (use 90s, 10m, 1h)`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as 's' | 'm' | 'h'];
}

/** Parses argv (without node and script). */
export function parseLoadOptions(argv: readonly string[]): LoadOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        rate: { type: 'string' },
        duration: { type: 'string' },
        instances: { type: 'string', default: '2' },
        functions: { type: 'string' },
        'pool-budget': { type: 'string', default: '60' },
        'seed-users': { type: 'string', default: '500' },
        mix: { type: 'string', default: DEFAULT_MIX },
        'max-vus': { type: 'string' },
        'deadline-ms': { type: 'string', default: '2000' },
        'redis-adapter': { type: 'string', default: 'tcp' },
        capacity: { type: 'string' },
        'unloaded-p99': { type: 'string' },
        out: { type: 'string' },
        pin: { type: 'boolean', default: false },
        only: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const scenario = positionals[0] as ScenarioName | undefined;
  if (!scenario || !SCENARIOS.includes(scenario)) throw new UsageError(`unknown scenario "${scenario ?? ''}"`);
  const defaults = DEFAULTS[scenario];
  const duration = values.duration ?? defaults.duration;
  if (durationSeconds(duration) > MAX_DURATION_SECONDS) throw new UsageError(`duration ${duration} is over the 1 h bound`);
  const adapter = values['redis-adapter'];
  if (adapter !== 'tcp' && adapter !== 'rest') throw new UsageError('--redis-adapter is tcp or rest');
  const positive = (name: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const number = Number(value);
    if (!(number > 0)) throw new UsageError(`--${name} must be a positive number`);
    return number;
  };
  return {
    scenario,
    rate: positive('rate', values.rate) ?? defaults.rate,
    duration,
    instances: positive('instances', values.instances) ?? 2,
    poolBudget: positive('pool-budget', values['pool-budget']) ?? 60,
    functions: values.functions
      ?.split(',')
      .map((name) => name.trim())
      .filter(Boolean),
    seedUsers: positive('seed-users', values['seed-users']) ?? 500,
    mix: values.mix,
    maxVus: positive('max-vus', values['max-vus']) ?? defaults.maxVus,
    deadlineMs: positive('deadline-ms', values['deadline-ms']) ?? 2000,
    redisAdapter: adapter,
    capacity: positive('capacity', values.capacity),
    unloadedP99: positive('unloaded-p99', values['unloaded-p99']),
    outDir: values.out,
    pin: values.pin,
    only: values.only,
  };
}
