import type { Context } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../middleware/app-env.ts';
import { routeDeadline } from '../middleware/request-deadline.ts';
import { createPlatformReliability } from '../reliability/platform-reliability.ts';
import { createHealthState } from '../health/health-state.ts';
import { createFunctionApp } from './create-function-app.ts';
import { createRouter } from './create-router.ts';
import type { Dependencies } from './dependencies.ts';
import { defineFunction } from './function-definition.ts';
import { limitsOf } from './platform-limits.ts';

/** The request's budget as the deadline middleware set it. */
const budgetOf = (c: Context<AppEnv>): number => c.var.deadline.budgetMs;

const timed = defineFunction({
  name: 'timed',
  nodePort: 0,
  routePrefixes: ['/budget'],
  requires: [],
  limits: { wallTimeMs: 4_000 },
  routes: () => {
    const router = createRouter();
    router.get('/budget', (c) => c.json({ budgetMs: budgetOf(c) }));
    router.get('/budget/upload', routeDeadline(120_000), (c) => c.json({ budgetMs: budgetOf(c) }));
    return router;
  },
});

function appWith(env: Record<string, string> = {}) {
  const deps = {} as Dependencies;
  return createFunctionApp(timed, {
    name: 'node',
    dependencies: { open: () => ({ deps, release: () => undefined }) },
    healthState: createHealthState(),
    reliability: createPlatformReliability({ functionName: timed.name, logLevel: 'silent', loadShedding: false }),
    limits: limitsOf(timed, env),
  });
}

describe("the function's wall time in the app", () => {
  it("is every request's budget", async () => {
    expect(await (await appWith().request('/budget')).json()).toEqual({ budgetMs: 4_000 });
  });

  it("follows the deployment's LIMIT_WALL_TIME_MS", async () => {
    expect(await (await appWith({ LIMIT_WALL_TIME_MS: '1500' }).request('/budget')).json()).toEqual({ budgetMs: 1_500 });
  });

  it("is still replaced by a route's own deadline and capped by the caller's", async () => {
    const app = appWith();
    expect(await (await app.request('/budget/upload')).json()).toEqual({ budgetMs: 120_000 });
    expect(await (await app.request('/budget', { headers: { 'X-Request-Timeout-Ms': '900' } })).json()).toEqual({ budgetMs: 900 });
  });
});
