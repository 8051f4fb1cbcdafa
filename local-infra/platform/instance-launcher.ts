/**
 * How the platform gets an instance of a function: a port to send requests to, a way to stop
 * it, and word when it dies. The pool depends on this port only, so its logic is tested with
 * an in-memory launcher and the real one forks processes (instance-process.ts).
 */
export interface LaunchedInstance {
  /** Loopback port the instance listens on. */
  readonly port: number;
  /** OS process id (0 for in-memory instances). */
  readonly pid: number;
  /** Drains the instance (in-flight requests finish) and resolves once it has exited. */
  stop(): Promise<void>;
  /** Called once if the instance exits without being asked to. */
  onExit(listener: (detail: string) => void): void;
}

export interface InstanceLauncher {
  /** Starts an instance of `functionName`; resolves when it is ready to serve. */
  launch(functionName: string): Promise<LaunchedInstance>;
}
