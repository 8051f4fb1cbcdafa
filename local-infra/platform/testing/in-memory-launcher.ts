import type { InstanceLauncher, LaunchedInstance } from '../instance-launcher.ts';

/** An instance of the in-memory launcher, with what the test wants to see or do. */
export interface FakeInstance extends LaunchedInstance {
  readonly stopped: boolean;
  /** Simulates the process dying on its own. */
  crash(detail: string): void;
}

/**
 * Launcher for unit tests: an instance is "ready" after `startMs` of (fake) time, on a made-up
 * port; `failNext` makes the next launch fail as a crashing process would.
 */
export class InMemoryLauncher implements InstanceLauncher {
  readonly launched: FakeInstance[] = [];
  startMs: number;
  failNext: string | undefined;
  private nextPort = 40_000;

  constructor(startMs = 500) {
    this.startMs = startMs;
  }

  launch(): Promise<LaunchedInstance> {
    const failure = this.failNext;
    this.failNext = undefined;
    return new Promise((resolve, reject) => {
      setTimeout(() => {
        if (failure) return reject(new Error(failure));
        const instance = this.makeInstance(this.nextPort++);
        this.launched.push(instance);
        resolve(instance);
      }, this.startMs);
    });
  }

  get running(): FakeInstance[] {
    return this.launched.filter((instance) => !instance.stopped);
  }

  private makeInstance(port: number): FakeInstance {
    let stopped = false;
    let exitListener: ((detail: string) => void) | undefined;
    return {
      port,
      pid: 0,
      get stopped() {
        return stopped;
      },
      stop() {
        stopped = true;
        return Promise.resolve();
      },
      onExit(listener) {
        exitListener = listener;
      },
      crash(detail) {
        stopped = true;
        exitListener?.(detail);
      },
    };
  }
}
