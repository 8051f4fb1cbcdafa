import type { EventContext, EventRecord } from '#shared/app/triggers.ts';
import { fanOut } from './fan-out.ts';
import { timelineSettingsOf } from '../timeline-settings.ts';

/**
 * Event handler of the `post.created` subscription: fan-out with the settings of the
 * environment the trigger runs in. Throws on dependency failures (the batch is redelivered).
 */
export async function fanOutPosts(batch: readonly EventRecord[], ctx: EventContext): Promise<void> {
  const settings = timelineSettingsOf(ctx.env);
  const started = Date.now();
  const report = await fanOut(batch, { deps: ctx.deps, signal: ctx.signal, settings, log: ctx.log });
  ctx.log.debug('fan-out batch done', { ...report, strategy: settings.strategy, ms: Date.now() - started });
}
