import { ConfigError } from '../config/app-config.ts';
import type { EnvRecord } from '../config/app-config.ts';

/**
 * What one invocation of a function may use (ADR 0024), enforced alike on Node and workerd.
 * Production's figures are the defaults: Cloudflare Workers and AWS Lambda (see the ADR).
 */
export interface FunctionLimits {
  /**
   * Wall time of one HTTP invocation, ms: the request's server budget (the deadline
   * middleware's default; a route's `routeDeadline()` still replaces it). Past it: 504.
   */
  readonly wallTimeMs: number;
  /**
   * Memory of one instance, MB: a Node instance's V8 heap cap (`nodeMemoryExecArgv`); on
   * workerd the isolate's own limit applies (128 MB in production, none in workerd locally).
   */
  readonly memoryMb: number;
  /**
   * Dependency calls (every attempt, retries included) one HTTP invocation may make. Past it
   * the call fails with `SUBREQUEST_LIMIT_EXCEEDED` (500 problem+json), as Workers throw
   * "Too many subrequests".
   */
  readonly subrequests: number;
}

/**
 * Defaults: 30 s of wall time (API Gateway's 29 s integration timeout, the Workers paid plan's
 * default 30 s CPU limit; Lambda's own default of 3 s would cut ordinary writes under load),
 * 128 MB (a Workers isolate; Lambda's default memory size), 1,000 subrequests (the Workers paid
 * figure; the free plan allows 50).
 */
export const DEFAULT_LIMITS: FunctionLimits = {
  wallTimeMs: 30_000,
  memoryMb: 128,
  subrequests: 1_000,
};

/** Environment variables that override a function's limits (its wrangler env or Node instance env). */
export const LIMIT_ENV_VARS: Readonly<Record<keyof FunctionLimits, string>> = {
  wallTimeMs: 'LIMIT_WALL_TIME_MS',
  memoryMb: 'LIMIT_MEMORY_MB',
  subrequests: 'LIMIT_SUBREQUESTS',
};

function fromEnv(env: EnvRecord, key: keyof FunctionLimits, issues: string[]): number | undefined {
  const name = LIMIT_ENV_VARS[key];
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  // Zero subrequests is a valid (if harsh) setting; zero time or memory is not.
  const minimum = key === 'subrequests' ? 0 : 1;
  if (!/^\d{1,12}$/.test(raw) || value < minimum) {
    issues.push(`${name} must be an integer >= ${minimum}, got "${raw}"`);
    return undefined;
  }
  return value;
}

/**
 * A function's limits: the defaults, then the definition's own `limits`, then the
 * `LIMIT_*` variables of its environment (deployment settings, like wrangler's `[limits]`).
 * Throws a {@link ConfigError} naming every unusable variable.
 */
export function limitsOf(definition: { readonly limits?: Partial<FunctionLimits> }, env: EnvRecord = {}): FunctionLimits {
  const issues: string[] = [];
  const limits: Record<keyof FunctionLimits, number> = { ...DEFAULT_LIMITS, ...definition.limits };
  for (const key of Object.keys(LIMIT_ENV_VARS) as (keyof FunctionLimits)[]) {
    const value = fromEnv(env, key, issues);
    if (value !== undefined) limits[key] = value;
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return limits;
}
