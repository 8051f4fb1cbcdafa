import type { FunctionDefinition } from '../../app/function-definition.ts';
import { loadConfig } from '../../config/app-config.ts';
import { errorFields } from '../../observability/logger.ts';
import type { MetricsPusher } from '../../observability/metrics-push.ts';
import { guardTriggerDependencies } from '../../reliability/guarded-dependencies.ts';
import { createPlatformReliability } from '../../reliability/platform-reliability.ts';
import { createReliabilityMetricsPusher } from '../../reliability/reliability-metrics-push.ts';
import type { PlatformReliability } from '../../reliability/platform-reliability.ts';
import { envRecordFromBindings } from './workerd-env.ts';
import type { WorkerdBindings } from './workerd-env.ts';
import { openTriggerScope } from './workerd-triggers.ts';

/** Budget of one cron invocation's schedules (Workers allow a cron handler up to 15 min). */
const RUN_TIMEOUT_MS = 30_000;

/**
 * The `scheduled` handler of a function's workerd entry: runs, one after another, every schedule
 * whose `cron` equals the firing cron (wrangler.toml `[triggers] crons`). A failing schedule is
 * logged; the invocation then fails so the platform records it, after the others ran.
 */
export function createWorkerdScheduled(
  definition: FunctionDefinition,
): (controller: ScheduledController, env: WorkerdBindings, ctx: ExecutionContext) => Promise<void> {
  // One reliability state per isolate, as for fetch: breakers and metrics outlive one tick.
  let reliability: PlatformReliability | undefined;
  let pusher: MetricsPusher | undefined;
  return async (controller, env, ctx) => {
    const due = (definition.schedules ?? []).filter((schedule) => schedule.cron === controller.cron);
    if (due.length === 0) return;
    const envRecord = envRecordFromBindings(env);
    const config = loadConfig(envRecord);
    const isolate = (reliability ??= createPlatformReliability({
      functionName: definition.name,
      logLevel: envRecord['LOG_LEVEL'],
      requires: definition.requires,
    }));
    const scope = openTriggerScope(config, ctx, { function: definition.name, trigger: 'schedule', cron: controller.cron });
    // Guarded without a retry layer: the next tick is the schedule's retry.
    const deps = guardTriggerDependencies(scope.deps, isolate.registry);
    const failures: unknown[] = [];
    try {
      for (const schedule of due) {
        try {
          await schedule.handler({
            deps,
            signal: AbortSignal.timeout(RUN_TIMEOUT_MS),
            log: scope.log.child({ schedule: schedule.name }),
            metrics: isolate.metrics,
            scheduledTime: controller.scheduledTime,
            env: envRecord,
          });
        } catch (error) {
          scope.log.warn('schedule run failed', { schedule: schedule.name, ...errorFields(error) });
          failures.push(error);
        }
      }
    } finally {
      scope.release();
      // A tick is rare (a minute apart): push every time, in waitUntil (outbox gauges, dependency metrics).
      pusher ??= createReliabilityMetricsPusher(isolate, 'workerd', config.metrics);
      ctx.waitUntil(pusher.push());
    }
    if (failures.length > 0) throw failures[0];
  };
}
