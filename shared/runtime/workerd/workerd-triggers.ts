import type { Context } from 'hono';
import type { Dependencies } from '../../app/dependencies.ts';
import type { AppConfig } from '../../config/app-config.ts';
import { createLogger } from '../../observability/logger.ts';
import type { LogFields, Logger } from '../../observability/logger.ts';
import { createWorkerdDependencyProvider } from './workerd-dependencies.ts';

/**
 * The part of workerd's `ExecutionContext` triggers use. Declared here so the push endpoint
 * also typechecks (and runs, in tests) on Node, where that global type does not exist.
 */
export interface WaitUntilContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** Dependencies and logger of one trigger invocation (an event push or a cron tick). */
export interface TriggerScope {
  readonly deps: Dependencies;
  readonly log: Logger;
  /** Closes the per-invocation clients through `ctx.waitUntil` (never delays the answer). */
  release(): void;
}

/**
 * Opens per-invocation clients for a trigger, exactly as for a request: workerd forbids I/O
 * objects from crossing invocations. The provider only reads `env` through `config` and calls
 * `executionCtx.waitUntil` on release, so a minimal context stands in for Hono's.
 */
export function openTriggerScope(config: AppConfig, ctx: WaitUntilContext, fields: LogFields): TriggerScope {
  const context = { executionCtx: ctx } as unknown as Context;
  const scope = createWorkerdDependencyProvider(() => config).open(context);
  return {
    deps: scope.deps,
    log: createLogger({ level: config.logLevel, base: fields }),
    release: () => scope.release(context),
  };
}
