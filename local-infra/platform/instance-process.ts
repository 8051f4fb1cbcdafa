import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isHeapLimitExit } from '#shared/runtime/node/memory-exec-argv.ts';
import { functionPortVariable } from '#shared/runtime/node/node-host.ts';
import type { WorkerMessage } from '../node-host/cluster-host.ts';
import type { InstanceLauncher, LaunchedInstance } from './instance-launcher.ts';

/** How an instance's exit detail starts when its heap passed the function's memory limit. */
export const OUT_OF_MEMORY = 'out of memory';

const WORKER_ENTRY = fileURLToPath(new URL('../node-host/instance-worker.ts', import.meta.url));

/** Options of {@link ProcessLauncher}. */
export interface ProcessLauncherOptions {
  /** Environment of every instance (connection settings, secrets); the launcher adds its own. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Extra Node flags per function, e.g. a heap limit. */
  readonly execArgv?: (functionName: string) => readonly string[];
  /** An instance not ready after this long is killed and counts as failed (default 30 s). */
  readonly startTimeoutMs?: number;
  /** How long `stop` lets in-flight requests finish before SIGKILL (default 15 s). */
  readonly stopTimeoutMs?: number;
  /** Module each instance runs (default the Node host's instance worker; tests pass their own). */
  readonly entry?: string;
}

/**
 * Launches instances as Node processes (the instance worker of the Node host), each on a
 * loopback port of its own, without triggers: the platform process runs the event consumers
 * and schedules, as a platform's event sources run apart from the HTTP instances they feed.
 */
export class ProcessLauncher implements InstanceLauncher {
  private readonly options: ProcessLauncherOptions;

  constructor(options: ProcessLauncherOptions) {
    this.options = options;
  }

  launch(functionName: string): Promise<LaunchedInstance> {
    const child = fork(this.options.entry ?? WORKER_ENTRY, [], {
      env: {
        ...this.options.env,
        LOG_LEVEL: this.options.env['LOG_LEVEL'] ?? 'warn',
        ATLAS_WORKER_FUNCTION: functionName,
        ATLAS_INSTANCE_TRIGGERS: '0',
        [functionPortVariable({ name: functionName })]: '0',
      },
      execArgv: [...process.execArgv, ...(this.options.execArgv?.(functionName) ?? [])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`instance of "${functionName}" not ready after ${this.options.startTimeoutMs ?? 30_000} ms`));
      }, this.options.startTimeoutMs ?? 30_000);
      const onExitEarly = (code: number | null, signal: NodeJS.Signals | null): void => {
        clearTimeout(timer);
        reject(new Error(`instance of "${functionName}" exited with ${code ?? signal} before it was ready`));
      };
      child.once('exit', onExitEarly);
      child.on('message', (message: WorkerMessage) => {
        clearTimeout(timer);
        if (message.type === 'failed') {
          reject(new Error(`instance of "${functionName}" failed to start: ${message.error}`));
          return;
        }
        child.off('exit', onExitEarly);
        resolve(this.launched(child, message.port));
      });
    });
  }

  private launched(child: ChildProcess, port: number): LaunchedInstance {
    let stopping: Promise<void> | undefined;
    let exitListener: ((detail: string) => void) | undefined;
    const exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        if (!stopping) exitListener?.(isHeapLimitExit({ code, signal }) ? `${OUT_OF_MEMORY} (${signal})` : String(code ?? signal));
        resolve();
      });
    });
    return {
      port,
      pid: child.pid ?? 0,
      stop: () => {
        stopping ??= (async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const kill = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs ?? 15_000);
          // The channel may already be gone (the instance is exiting): the exit still resolves.
          if (child.connected) child.send({ type: 'stop' }, () => undefined);
          await exited;
          clearTimeout(kill);
        })();
        return stopping;
      },
      onExit: (listener) => {
        exitListener = listener;
      },
    };
  }
}
