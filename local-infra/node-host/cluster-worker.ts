/**
 * One instance of the cluster host (see cluster-host.ts): serves the function named by
 * `ATLAS_WORKER_FUNCTION` through the ordinary Node host, on the function's port (shared with
 * its sibling instances by node:cluster). Drains and exits on the primary's `stop` message or
 * on SIGTERM.
 */
import cluster from 'node:cluster';
import { FUNCTIONS } from '#functions/registry.ts';
import { loadConfigOrExit } from '#shared/runtime/node/load-config-or-exit.ts';
import type { WorkerMessage } from './cluster-host.ts';
import { startNodeHost } from './node-host.ts';

const send = (message: WorkerMessage): void => {
  process.send?.(message);
};

async function main(): Promise<void> {
  if (cluster.isPrimary) throw new Error('cluster-worker.ts runs as a cluster worker (see cluster-host.ts)');
  const name = process.env['ATLAS_WORKER_FUNCTION'];
  const definition = FUNCTIONS.find((fn) => fn.name === name);
  if (!definition) throw new Error(`unknown function "${name}" (known: ${FUNCTIONS.map((fn) => fn.name).join(', ')})`);
  const host = await startNodeHost({ functions: [definition], config: loadConfigOrExit() });
  let stopping: Promise<void> | undefined;
  const stop = (): void => {
    stopping ??= host.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'stop') stop();
  });
  process.once('SIGTERM', stop);
  // The primary going away (crash, SIGKILL) must not leave orphan servers holding ports.
  process.once('disconnect', stop);
  send({ type: 'ready', port: host.functions[0]?.port ?? 0 });
}

main().catch((error: unknown) => {
  send({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 100).unref();
});
