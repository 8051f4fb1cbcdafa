/**
 * `node local-infra/node-host/cluster-main.ts --functions users,timeline --instances 2`:
 * serves functions in production-like form (N processes per function behind its port, see
 * cluster-host.ts), in the foreground. Prints one JSON line `{"event":"ready","instances":[...]}`
 * on stdout once every instance listens (the load runner waits for it), lifecycle events as
 * JSON lines after that; SIGINT/SIGTERM drains every instance and exits 0.
 *
 * Options: --functions a,b (default: every registered function), --instances N (2),
 * --pool-budget N (60 Postgres connections shared by all instances). Services must be up.
 */
import { parseArgs } from 'node:util';
import { FUNCTIONS } from '#functions/registry.ts';
import { startClusterHost } from './cluster-host.ts';
import { waitForStopSignal } from '#shared/runtime/node/stop-signal.ts';

const { values } = parseArgs({
  options: {
    functions: { type: 'string' },
    instances: { type: 'string', default: '2' },
    'pool-budget': { type: 'string', default: '60' },
  },
});
const functions = values.functions
  ? values.functions
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean)
  : FUNCTIONS.map((fn) => fn.name);
const line = (event: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(event)}\n`);
};

try {
  const host = await startClusterHost({
    functions,
    instances: Number(values.instances),
    poolBudget: Number(values['pool-budget']),
    onEvent: (event) => {
      if (event.type !== 'ready') line({ event: event.type, function: event.function, pid: event.pid, detail: event.detail });
    },
  });
  const stopSignal = waitForStopSignal(); // before the ready line, which callers answer with a signal
  line({ event: 'ready', primaryPid: process.pid, instances: host.instances() });
  await stopSignal;
  await host.close();
  line({ event: 'stopped' });
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
