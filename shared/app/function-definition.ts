import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../middleware/app-env.ts';
import type { DependencyName } from './dependencies.ts';
import type { FunctionLimits } from './platform-limits.ts';
import type { FunctionScaling } from './scaling.ts';
import type { EventSubscription, ScheduleTrigger } from './triggers.ts';

/**
 * A function: a named group of HTTP routes, runtime-agnostic. The Node host and the workerd
 * entries turn it into a server; the function itself never knows which runtime runs it.
 */
export interface FunctionDefinition {
  /** kebab-case name: the wrangler env, the `function` metric label, the dev gateway prefix. */
  readonly name: string;
  /** Port when hosted on Node (users 8081, posts 8082, timeline 8083, media 8084, docs 8085). */
  readonly nodePort: number;
  /** Path prefixes the function serves (`/users` serves `/users` and `/users/...`). */
  readonly routePrefixes: readonly string[];
  /**
   * Dependencies the function cannot work without: `/health/ready` fails when one is down.
   * `/health/deep` checks every platform dependency and marks these as required.
   */
  readonly requires: readonly DependencyName[];
  /** Largest accepted request body in bytes (default 64 KiB); bigger bodies get 413. */
  readonly maxBodyBytes?: number;
  /**
   * Builds the function's routes. An `OpenAPIHono` made by `createRouter()`, so validation
   * errors become problem+json and the docs function can read the OpenAPI document.
   */
  readonly routes: () => OpenAPIHono<AppEnv>;
  /** Event triggers: Kafka topics this function consumes (see `triggers.ts`). */
  readonly events?: readonly EventSubscription[];
  /** Schedule triggers: periodic tasks (see `triggers.ts`). */
  readonly schedules?: readonly ScheduleTrigger[];
  /** How the platform scales the function's HTTP instances (default `DEFAULT_SCALING`). */
  readonly scaling?: Partial<FunctionScaling>;
  /** Per-invocation platform limits: wall time, memory, subrequests (default `DEFAULT_LIMITS`). */
  readonly limits?: Partial<FunctionLimits>;
}

/** Identity helper that checks a definition's shape where it is written. */
export function defineFunction<const T extends FunctionDefinition>(definition: T): T {
  return definition;
}
