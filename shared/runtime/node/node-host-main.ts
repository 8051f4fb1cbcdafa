import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import { loadConfigOrExit } from '#shared/runtime/node/load-config-or-exit.ts';
import { silenceKnownWarnings } from './known-warnings.ts';
import { startNodeHost } from './node-host.ts';
import { waitForStopSignal } from './stop-signal.ts';

/**
 * Entry point of a standalone Node process serving functions WITH their triggers (event
 * consumers, schedules), e.g. `node functions/posts/posts.node.ts`: config from `process.env`,
 * ports from `<NAME>_PORT` (default the definitions'), graceful stop on SIGTERM / SIGINT.
 */
export async function runNodeHostMain(functions: readonly FunctionDefinition[]): Promise<void> {
  silenceKnownWarnings();
  const host = await startNodeHost({ functions, config: loadConfigOrExit() });
  const stopSignal = waitForStopSignal(); // before the ready lines, which callers answer with a signal
  for (const fn of host.functions) {
    console.log(JSON.stringify({ level: 'info', msg: 'function listening', function: fn.name, url: fn.url }));
  }
  const signal = await stopSignal;
  console.log(JSON.stringify({ level: 'info', msg: 'stopping', signal }));
  await host.close();
  process.exit(0);
}
