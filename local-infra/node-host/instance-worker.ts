/**
 * One instance of a function, forked by the cluster host (cluster-host.ts: the function's port,
 * shared with sibling instances by node:cluster) or by the platform (local-infra/platform: a
 * port of its own, `<NAME>_PORT=0`). Serves the function named by `ATLAS_WORKER_FUNCTION`
 * through the ordinary Node host; `ATLAS_INSTANCE_TRIGGERS=0` leaves event and schedule
 * triggers to the parent. Drains and exits on the parent's `stop` message or on SIGTERM.
 */
import { FUNCTIONS } from '#functions/registry.ts';
import { loadConfigOrExit } from '#shared/runtime/node/load-config-or-exit.ts';
import type { WorkerMessage } from './cluster-host.ts';
import { silenceKnownWarnings } from '#shared/runtime/node/known-warnings.ts';
import { startNodeHost } from '#shared/runtime/node/node-host.ts';

const send = (message: WorkerMessage): void => {
  process.send?.(message);
};

async function main(): Promise<void> {
  silenceKnownWarnings();
  if (!process.send) throw new Error('instance-worker.ts runs as a forked child (see cluster-host.ts, local-infra/platform)');
  const name = process.env['ATLAS_WORKER_FUNCTION'];
  const definition = FUNCTIONS.find((fn) => fn.name === name);
  if (!definition) throw new Error(`unknown function "${name}" (known: ${FUNCTIONS.map((fn) => fn.name).join(', ')})`);
  const triggers = process.env['ATLAS_INSTANCE_TRIGGERS'] === '0' ? false : undefined;
  const host = await startNodeHost({ functions: [definition], config: loadConfigOrExit(), ...(triggers === false ? { triggers } : {}) });
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
