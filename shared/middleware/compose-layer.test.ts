import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './app-env.ts';
import { composeLayer } from './compose-layer.ts';

const onError = (error: Error): Response => new Response(error.message, { status: 599 });

function appWith(handlers: MiddlewareHandler<AppEnv>[]): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(composeLayer(handlers, onError));
  app.get('/', (c) => c.text('route'));
  return app;
}

describe('composeLayer', () => {
  it('runs the middleware in order around the route', async () => {
    const order: string[] = [];
    const step =
      (name: string): MiddlewareHandler<AppEnv> =>
      async (_c, next) => {
        order.push(`${name} in`);
        await next();
        order.push(`${name} out`);
      };
    const res = await appWith([step('a'), step('b')]).request('/');
    expect(await res.text()).toBe('route');
    expect(order).toEqual(['a in', 'b in', 'b out', 'a out']);
  });

  it('renders an error where it is thrown, so the middleware outside see its status', async () => {
    let seen = 0;
    const outer: MiddlewareHandler<AppEnv> = async (c, next) => {
      await next();
      seen = c.res.status;
    };
    const failing: MiddlewareHandler<AppEnv> = () => {
      throw new Error('refused');
    };
    const rejecting: MiddlewareHandler<AppEnv> = async () => {
      throw new Error('rejected');
    };
    const thrown = await appWith([outer, failing]).request('/');
    expect([thrown.status, await thrown.text(), seen]).toEqual([599, 'refused', 599]);
    const rejected = await appWith([outer, rejecting]).request('/');
    expect([rejected.status, await rejected.text(), seen]).toEqual([599, 'rejected', 599]);
  });

  it('answers with the Response a middleware returns instead of calling next', async () => {
    const shortCircuit: MiddlewareHandler<AppEnv> = async (c) => c.text('early', 503);
    const res = await appWith([shortCircuit]).request('/');
    expect([res.status, await res.text()]).toEqual([503, 'early']);
  });

  it('refuses a second next() call', async () => {
    const twice: MiddlewareHandler<AppEnv> = async (_c, next) => {
      await next();
      await next();
    };
    const res = await appWith([twice]).request('/');
    expect([res.status, await res.text()]).toEqual([599, 'next() called multiple times']);
  });
});
