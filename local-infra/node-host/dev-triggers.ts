import type { FunctionDefinition } from '../../shared/app/function-definition.ts';
import type { AppConfig } from '../../shared/config/app-config.ts';
import { createNodeDependencies } from '../../shared/runtime/node/node-dependencies.ts';
import { startTriggers } from '#shared/runtime/node/trigger-host.ts';
import type { WorkerdPushTarget } from '#shared/runtime/node/workerd-push.ts';

/** Triggers of an `npm run dev` session; {@link startDevTriggers}. */
export interface DevTriggers {
  stop(): Promise<void>;
}

/** Push targets behind the dev gateway: `<gateway>/<fn>` for every function with events. */
export function gatewayPushTargets(
  gatewayUrl: string,
  functions: readonly FunctionDefinition[],
  token: string,
): Record<string, WorkerdPushTarget> {
  return Object.fromEntries(
    functions.filter((fn) => (fn.events?.length ?? 0) > 0).map((fn) => [fn.name, { baseUrl: `${gatewayUrl}/${fn.name}`, token }]),
  );
}

/**
 * The triggers of a `wrangler dev` session, hosted by this Node process as the platform would:
 * Kafka consumer groups push each batch to the worker through the dev gateway
 * (`/<fn>/__events/<topic>`, like Cloudflare Queues push to a consumer Worker), and schedules
 * (the outbox relay) run here on their Node periods, since a workerd cron fires once a minute.
 * Pushes made before the gateway listens fail and are retried with backoff.
 */
export function startDevTriggers(gatewayUrl: string, functions: readonly FunctionDefinition[], config: AppConfig): DevTriggers {
  const dependencies = createNodeDependencies(config);
  const triggers = startTriggers({
    functions,
    config,
    deps: dependencies.deps,
    workerdTargets: gatewayPushTargets(gatewayUrl, functions, config.events.pushToken),
  });
  return {
    async stop() {
      await triggers.stop();
      await dependencies.close();
    },
  };
}
