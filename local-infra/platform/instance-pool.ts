import type { FunctionScaling } from '#shared/app/scaling.ts';
import type { AutoscalerSettings } from './autoscaler-settings.ts';
import { Autoscaler } from './autoscaler.ts';
import type { ScaleDecision } from './autoscaler.ts';
import { ConcurrencyMeter } from './concurrency-window.ts';
import type { InstanceLauncher, LaunchedInstance } from './instance-launcher.ts';

export type InstanceState = 'starting' | 'ready' | 'draining';

/** One instance as the pool sees it (listed by the gateway's /health/deep). */
export interface InstanceView {
  readonly id: number;
  readonly state: InstanceState;
  readonly pid: number;
  readonly port: number;
  readonly inFlight: number;
  /** Epoch ms the launch began. */
  readonly launchedAt: number;
  /** Launch to ready, ms (undefined while starting). */
  readonly coldStartMs: number | undefined;
}

/** What happened in the pool: logged as events and turned into metrics by the platform. */
export type PoolEvent =
  | { readonly type: 'instance-starting'; readonly function: string; readonly id: number; readonly reason: string }
  | { readonly type: 'instance-ready'; readonly function: string; readonly id: number; readonly pid: number; readonly coldStartMs: number }
  | { readonly type: 'instance-start-failed'; readonly function: string; readonly id: number; readonly error: string }
  | { readonly type: 'instance-draining'; readonly function: string; readonly id: number; readonly inFlight: number }
  | { readonly type: 'instance-stopped'; readonly function: string; readonly id: number }
  | { readonly type: 'instance-crashed'; readonly function: string; readonly id: number; readonly detail: string }
  | { readonly type: 'scale'; readonly function: string; readonly from: number; readonly to: number; readonly decision: ScaleDecision }
  | { readonly type: 'throttled'; readonly function: string }
  | { readonly type: 'held'; readonly function: string; readonly waitedMs: number };

/** A request's hold on one instance's capacity; `release` exactly once when it is answered. */
export interface Lease {
  readonly kind: 'lease';
  readonly port: number;
  readonly instanceId: number;
  /** True when the request waited for an instance to cold-start. */
  readonly coldStart: boolean;
  release(): void;
}

/** Why there is no lease: at max instances and max concurrency (429), or out of time (504). */
export type NoLease =
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'start-failed'; readonly error: string };

export interface InstancePoolOptions {
  readonly functionName: string;
  readonly scaling: FunctionScaling;
  readonly settings: AutoscalerSettings;
  readonly launcher: InstanceLauncher;
  readonly onEvent?: (event: PoolEvent) => void;
  readonly now?: () => number;
}

interface Instance {
  readonly id: number;
  state: InstanceState;
  launched: LaunchedInstance | undefined;
  inFlight: number;
  readonly launchedAt: number;
  coldStartMs: number | undefined;
  stopping: Promise<void> | undefined;
  /** Resolves once the instance is gone (stopped, crashed or failed to start). */
  readonly gone: Promise<void>;
  readonly markGone: () => void;
}

interface Waiter {
  readonly resolve: (result: Lease | NoLease) => void;
  readonly timer: ReturnType<typeof setTimeout>;
  readonly since: number;
}

/**
 * The instances of one function, Lambda- and Knative-style: a request takes a slot on the
 * least-loaded ready instance; with none free it waits (the activator) while an instance
 * starts, up to its deadline; at max instances with every slot taken it is throttled. Every
 * `tick` the autoscaler's decision adds instances or drains surplus ones: a draining instance
 * takes no new request and stops only once its last one is answered.
 */
export class InstancePool {
  private readonly instances: Instance[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly autoscaler: Autoscaler;
  private readonly meter: ConcurrencyMeter;
  private readonly now: () => number;
  private readonly emit: (event: PoolEvent) => void;
  private nextId = 1;
  private seenRequest = false;
  private closed = false;
  private readonly options: InstancePoolOptions;

  constructor(options: InstancePoolOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.emit = options.onEvent ?? (() => undefined);
    this.autoscaler = new Autoscaler(options.scaling, options.settings, this.now());
    this.meter = new ConcurrencyMeter(this.now());
  }

  get functionName(): string {
    return this.options.functionName;
  }

  /** Instances not draining (ready or starting): what the autoscaler counts as current. */
  get activeCount(): number {
    return this.instances.filter((instance) => instance.state !== 'draining').length;
  }

  /** Starts `minInstances` instances; resolves once they are ready (or failed). */
  async warm(): Promise<void> {
    const launches = Array.from({ length: this.options.scaling.minInstances }, () => this.launch('min-instances'));
    await Promise.all(launches);
  }

  /** A slot on an instance, or why not, within `timeoutMs`. */
  acquire(timeoutMs: number): Promise<Lease | NoLease> {
    if (this.closed) return Promise.resolve({ kind: 'start-failed', error: 'the platform is stopping' });
    this.seenRequest = true;
    this.autoscaler.touch(this.now());
    const free = this.freeInstance();
    if (free) return Promise.resolve(this.lease(free, false));
    const { maxInstances, maxConcurrency } = this.options.scaling;
    const starting = this.instances.filter((instance) => instance.state === 'starting').length;
    // Capacity already on its way covers this request: wait for it rather than launch another.
    const coming = starting * maxConcurrency;
    if (this.waiters.length >= coming) {
      if (this.activeCount >= maxInstances) {
        this.emit({ type: 'throttled', function: this.functionName });
        return Promise.resolve({ kind: 'throttled', retryAfterSeconds: 1 });
      }
      void this.launch('activator');
    }
    return new Promise((resolve) => {
      const waiter: Waiter = {
        since: this.now(),
        resolve,
        timer: setTimeout(() => {
          this.removeWaiter(waiter);
          this.meter.change(this.now(), -1);
          resolve({ kind: 'timeout' });
        }, timeoutMs),
      };
      this.meter.change(this.now(), 1);
      this.waiters.push(waiter);
    });
  }

  /** One autoscaler period: sample concurrency, decide, launch or drain. */
  tick(): ScaleDecision {
    const now = this.now();
    const { average } = this.meter.read(now);
    this.autoscaler.observe(now, average, this.seenRequest || this.meter.current > 0);
    this.seenRequest = false;
    const current = this.activeCount;
    const decision = this.autoscaler.decide(now, current);
    if (decision.desired !== current)
      this.emit({ type: 'scale', function: this.functionName, from: current, to: decision.desired, decision });
    for (let n = current; n < decision.desired; n += 1) void this.launch('autoscaler');
    if (decision.desired < current && this.waiters.length === 0) this.drainSurplus(current - decision.desired);
    return decision;
  }

  /** Every instance with its state, for health and dashboards. */
  view(): InstanceView[] {
    return this.instances.map((instance) => ({
      id: instance.id,
      state: instance.state,
      pid: instance.launched?.pid ?? 0,
      port: instance.launched?.port ?? 0,
      inFlight: instance.inFlight,
      launchedAt: instance.launchedAt,
      coldStartMs: instance.coldStartMs,
    }));
  }

  /** Stops taking requests, fails the waiting ones, drains and stops every instance. */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.resolve({ kind: 'start-failed', error: 'the platform is stopping' });
    }
    await Promise.all(this.instances.map((instance) => this.drain(instance)));
  }

  private freeInstance(): Instance | undefined {
    let best: Instance | undefined;
    for (const instance of this.instances) {
      if (instance.state !== 'ready' || instance.inFlight >= this.options.scaling.maxConcurrency) continue;
      if (!best || instance.inFlight < best.inFlight) best = instance;
    }
    return best;
  }

  private lease(instance: Instance, coldStart: boolean, counted = false): Lease {
    instance.inFlight += 1;
    if (!counted) this.meter.change(this.now(), 1);
    let released = false;
    return {
      kind: 'lease',
      port: instance.launched?.port ?? 0,
      instanceId: instance.id,
      coldStart,
      release: () => {
        if (released) return;
        released = true;
        instance.inFlight -= 1;
        this.meter.change(this.now(), -1);
        if (instance.state === 'draining' && instance.inFlight === 0) void this.stop(instance);
        else this.serveWaiters();
      },
    };
  }

  private serveWaiters(): void {
    let free = this.freeInstance();
    while (free && this.waiters.length > 0) {
      const waiter = this.waiters.shift();
      if (!waiter) break;
      clearTimeout(waiter.timer);
      // The waiter was counted in the meter when it began waiting.
      this.emit({ type: 'held', function: this.functionName, waitedMs: this.now() - waiter.since });
      waiter.resolve(this.lease(free, true, true));
      free = this.freeInstance();
    }
  }

  private removeWaiter(waiter: Waiter): void {
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) this.waiters.splice(index, 1);
  }

  private async launch(reason: string): Promise<void> {
    let markGone = (): void => undefined;
    const gone = new Promise<void>((resolve) => (markGone = resolve));
    const instance: Instance = {
      id: this.nextId++,
      state: 'starting',
      launched: undefined,
      inFlight: 0,
      launchedAt: this.now(),
      coldStartMs: undefined,
      stopping: undefined,
      gone,
      markGone,
    };
    this.instances.push(instance);
    this.emit({ type: 'instance-starting', function: this.functionName, id: instance.id, reason });
    try {
      const launched = await this.options.launcher.launch(this.functionName);
      instance.launched = launched;
      instance.coldStartMs = this.now() - instance.launchedAt;
      launched.onExit((detail) => this.crashed(instance, detail));
      if (this.closed || instance.state === 'draining') {
        await this.stop(instance);
        return;
      }
      instance.state = 'ready';
      this.emit({
        type: 'instance-ready',
        function: this.functionName,
        id: instance.id,
        pid: launched.pid,
        coldStartMs: instance.coldStartMs,
      });
      this.serveWaiters();
    } catch (error) {
      this.forget(instance);
      const message = error instanceof Error ? error.message : String(error);
      this.emit({ type: 'instance-start-failed', function: this.functionName, id: instance.id, error: message });
      // Waiters beyond what the remaining starting instances can take would wait for nothing.
      const starting = this.instances.filter((other) => other.state === 'starting').length;
      for (const waiter of this.waiters.splice(starting * this.options.scaling.maxConcurrency)) {
        clearTimeout(waiter.timer);
        this.meter.change(this.now(), -1);
        waiter.resolve({ kind: 'start-failed', error: message });
      }
    }
  }

  private drainSurplus(count: number): void {
    // Drain the idlest first: they finish soonest. Starting instances are drained once ready.
    const candidates = this.instances.filter((instance) => instance.state !== 'draining').sort((a, b) => a.inFlight - b.inFlight);
    for (const instance of candidates.slice(0, count)) void this.drain(instance);
  }

  /** Resolves once the instance has stopped: after its last request, or once it is up if starting. */
  private drain(instance: Instance): Promise<void> {
    if (instance.state !== 'draining') {
      const wasStarting = instance.state === 'starting';
      instance.state = 'draining';
      this.emit({ type: 'instance-draining', function: this.functionName, id: instance.id, inFlight: instance.inFlight });
      if (wasStarting) return instance.gone; // launch() stops it once it is up
    }
    if (instance.inFlight === 0) void this.stop(instance);
    return instance.gone;
  }

  private stop(instance: Instance): Promise<void> {
    instance.stopping ??= (async () => {
      await instance.launched?.stop();
      this.forget(instance);
      this.emit({ type: 'instance-stopped', function: this.functionName, id: instance.id });
    })();
    return instance.stopping;
  }

  private crashed(instance: Instance, detail: string): void {
    if (instance.stopping || !this.instances.includes(instance)) return;
    this.forget(instance);
    this.emit({ type: 'instance-crashed', function: this.functionName, id: instance.id, detail });
  }

  private forget(instance: Instance): void {
    const index = this.instances.indexOf(instance);
    if (index >= 0) this.instances.splice(index, 1);
    instance.markGone();
  }
}
