import type { FunctionDefinition } from '../../app/function-definition.ts';
import { loadConfigOrExit } from './load-config-or-exit.ts';
import { functionPort } from './node-host.ts';
import { serveFunction } from './serve-function.ts';

/**
 * Entry point of a standalone Node function process (`node functions/<fn>/<fn>.node.ts`):
 * config from `process.env`, port from `<NAME>_PORT` (`USERS_PORT=0` for any free port; default
 * the definition's), the same setting the Node host reads; graceful stop on SIGTERM / SIGINT,
 * exit code 0 after a clean stop.
 */
export async function runFunctionMain(definition: FunctionDefinition): Promise<void> {
  const config = loadConfigOrExit();
  const port = functionPort(definition, process.env);
  const running = await serveFunction(definition, { config, port, hostname: process.env['HOST'] ?? '127.0.0.1' });
  console.log(JSON.stringify({ level: 'info', msg: 'function listening', function: definition.name, url: running.url }));

  const stop = (signal: string): void => {
    console.log(JSON.stringify({ level: 'info', msg: 'stopping', function: definition.name, signal }));
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
