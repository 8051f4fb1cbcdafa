import { describe, expect, it } from 'vitest';
import { unstable_readConfig } from 'wrangler';
import { FUNCTIONS } from '#functions/registry.ts';
import { workerdTargetsFromEnv } from '#shared/runtime/node/trigger-host.ts';

const withEvents = FUNCTIONS.filter((fn) => (fn.events?.length ?? 0) > 0);
const withCrons = FUNCTIONS.filter((fn) => fn.schedules?.some((schedule) => schedule.cron));

describe('trigger configuration', () => {
  it.each(withEvents.map((fn) => fn.name))(
    '%s-production requires EVENTS_PUSH_TOKEN as a secret (its push endpoint must not accept the dev token)',
    (name) => {
      const config = unstable_readConfig({ config: 'wrangler.toml', env: `${name}-production` });
      expect(config.secrets?.required ?? []).toContain('EVENTS_PUSH_TOKEN');
      expect(Object.keys(config.vars)).not.toContain('EVENTS_PUSH_TOKEN');
    },
  );

  it.each(withCrons.flatMap((fn) => [fn.name, `${fn.name}-production`].map((env) => [env, fn] as const)))(
    '%s declares the crons of its schedules',
    (env, fn) => {
      const crons = unstable_readConfig({ config: 'wrangler.toml', env }).triggers.crons ?? [];
      for (const schedule of fn.schedules ?? []) if (schedule.cron) expect(crons).toContain(schedule.cron);
    },
  );

  it('reads workerd push targets from <NAME>_EVENTS_URL', () => {
    const functions = [{ name: 'timeline', events: [] }, { name: 'read-model', events: [] }, { name: 'users' }] as unknown as Parameters<
      typeof workerdTargetsFromEnv
    >[0];
    expect(
      workerdTargetsFromEnv(functions, { TIMELINE_EVENTS_URL: 'http://127.0.0.1:8787/timeline', READ_MODEL_EVENTS_URL: 'http://w' }, 'tok'),
    ).toEqual({
      timeline: { baseUrl: 'http://127.0.0.1:8787/timeline', token: 'tok' },
      'read-model': { baseUrl: 'http://w', token: 'tok' },
    });
  });
});

describe('dev session push targets', () => {
  it('points every function with events at its gateway prefix', async () => {
    const { gatewayPushTargets } = await import('./dev-triggers.ts');
    const functions = [
      { name: 'timeline', events: [{ topic: 'post.created' }] },
      { name: 'users' },
      { name: 'quiet', events: [] },
    ] as unknown as Parameters<typeof gatewayPushTargets>[1];
    expect(gatewayPushTargets('http://127.0.0.1:8787', functions, 'tok')).toEqual({
      timeline: { baseUrl: 'http://127.0.0.1:8787/timeline', token: 'tok' },
    });
  });
});
