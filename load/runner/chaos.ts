/**
 * The chaos schedule: while k6 keeps a steady load, stop each dependency through local-infra,
 * keep it down for a while, start it again and wait for health, then let the system recover
 * before the next one. Every step is timestamped for the report. A service this code stopped
 * is always started again, even when the run is aborted.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startService, stopService } from '#local-infra/services/index.ts';

/** Options of {@link runChaos}. */
export interface ChaosOptions {
  /** Services to disturb, in order (default postgres, redis, kafka, minio). */
  readonly services?: readonly string[];
  /** Steady load before the first stop, ms. */
  readonly warmupMs?: number;
  /** How long each service stays down, ms. */
  readonly downMs?: number;
  /** Steady load after a service is healthy again, before the next stop, ms. */
  readonly recoverMs?: number;
  readonly signal?: AbortSignal;
}

/** One timestamped step. */
export interface ChaosEvent {
  readonly at: number;
  readonly service: string;
  readonly step: 'stopping' | 'stopped' | 'starting' | 'healthy' | 'failed';
  readonly detail?: string;
}

export const CHAOS_SERVICES = ['postgres', 'redis', 'kafka', 'minio'] as const;

/** Runs the schedule; resolves with its events once every service is back. */
export async function runChaos(options: ChaosOptions = {}): Promise<ChaosEvent[]> {
  const events: ChaosEvent[] = [];
  const note = (service: string, step: ChaosEvent['step'], detail?: string): void => {
    events.push({ at: Date.now(), service, step, ...(detail ? { detail } : {}) });
  };
  const signal = options.signal;
  await sleep(options.warmupMs ?? 15_000, undefined, signal ? { signal } : {}).catch(() => undefined);
  for (const service of options.services ?? CHAOS_SERVICES) {
    if (signal?.aborted) break;
    note(service, 'stopping');
    try {
      await stopService(service, { graceMs: 5_000 });
      note(service, 'stopped');
      await sleep(options.downMs ?? 10_000, undefined, signal ? { signal } : {}).catch(() => undefined);
    } finally {
      note(service, 'starting');
      try {
        await startService(service, { healthTimeoutMs: 120_000 });
        note(service, 'healthy');
      } catch (error) {
        note(service, 'failed', (error as Error).message.split('\n')[0]);
      }
    }
    await sleep(options.recoverMs ?? 20_000, undefined, signal ? { signal } : {}).catch(() => undefined);
  }
  return events;
}
