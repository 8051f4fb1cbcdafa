/**
 * Entry of the container image (Containerfile beside this file): ONE function per process,
 * chosen by `ATLAS_FUNCTION`, on the `PORT` Knative gives, through the ordinary Node host
 * (same middleware, health routes and drain as `npm start`). SIGTERM drains: readiness turns
 * 503, in-flight requests finish, pools close, exit 0.
 */
import process from 'node:process';
import { FUNCTIONS } from '#functions/registry.ts';
import { EXIT_CONFIG, loadConfigOrExit } from '#shared/runtime/node/load-config-or-exit.ts';
import { functionPortVariable, startNodeHost } from '#shared/runtime/node/node-host.ts';
import { waitForStopSignal } from '#shared/runtime/node/stop-signal.ts';
import { FunctionSelectionError, parseFunctionSelection } from './function-selection.ts';
import type { FunctionSelection } from './function-selection.ts';

function selectionOrExit(): FunctionSelection {
  try {
    return parseFunctionSelection(
      process.env,
      FUNCTIONS.map((fn) => fn.name),
    );
  } catch (error) {
    if (!(error instanceof FunctionSelectionError)) throw error;
    console.error(JSON.stringify({ level: 'error', msg: 'configuration refused', code: error.code, detail: error.message }));
    process.exit(EXIT_CONFIG);
  }
}

const selection = selectionOrExit();
const definition = FUNCTIONS.find((fn) => fn.name === selection.functionName);
if (!definition) throw new Error(`unknown function "${selection.functionName}"`);

const host = await startNodeHost({
  functions: [definition],
  config: loadConfigOrExit(),
  // The host reads a function's port from `<NAME>_PORT`; here it is the container's PORT.
  env: { ...process.env, [functionPortVariable(definition)]: String(selection.port) },
  hostname: selection.hostname,
  ...(selection.triggers ? {} : { triggers: false as const }),
});
const stopSignal = waitForStopSignal(); // before the ready lines, which callers answer with a signal
for (const fn of host.functions) {
  console.log(JSON.stringify({ level: 'info', msg: 'function listening', function: fn.name, url: fn.url, triggers: selection.triggers }));
}
const signal = await stopSignal;
console.log(JSON.stringify({ level: 'info', msg: 'stopping', function: definition.name, signal }));
await host.close();
process.exit(0);
