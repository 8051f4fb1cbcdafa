import type { Dependencies } from '../../app/dependencies.ts';
import type { AppConfig } from '../../config/app-config.ts';
import { createLogger } from '../../observability/logger.ts';
import type { LogFields, Logger } from '../../observability/logger.ts';
import { openInvocationClients } from './workerd-dependencies.ts';
import type { WaitUntilContext } from './workerd-dependencies.ts';

/** Dependencies and logger of one trigger invocation (an event push or a cron tick). */
export interface TriggerScope {
  readonly deps: Dependencies;
  readonly log: Logger;
  /** Closes the per-invocation clients through `ctx.waitUntil` (never delays the answer). */
  release(): void;
}

/**
 * Opens per-invocation clients for a trigger, exactly as for a request: workerd forbids I/O
 * objects from crossing invocations.
 */
export function openTriggerScope(config: AppConfig, ctx: WaitUntilContext, fields: LogFields): TriggerScope {
  const clients = openInvocationClients(config);
  return {
    deps: clients.deps,
    log: createLogger({ level: config.logLevel, base: fields }),
    release: () => {
      const closing = clients.close();
      if (closing) ctx.waitUntil(closing);
    },
  };
}
