import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { platformLayer } from '../middleware/platform-layer.ts';
import type { FunctionDefinition } from '../app/function-definition.ts';
import { createPlatformReliability, parseLoadShedding } from './platform-reliability.ts';

describe('LOAD_SHEDDING switch', () => {
  it('is on unless explicitly off', () => {
    expect(parseLoadShedding(undefined)).toBe(true);
    expect(parseLoadShedding('on')).toBe(true);
    expect(parseLoadShedding('OFF')).toBe(false);
    expect(parseLoadShedding('false')).toBe(false);
    expect(parseLoadShedding('0')).toBe(false);
  });

  it('off: a request beyond the limiter is served instead of shed', async () => {
    const definition = {
      name: 'shed-test',
      nodePort: 0,
      routePrefixes: [],
      requires: [],
      routes: () => {
        throw new Error('unused');
      },
    } as unknown as FunctionDefinition;
    const statuses = async (loadShedding: string): Promise<number[]> => {
      const reliability = createPlatformReliability({ functionName: 'shed-test', logLevel: 'silent', loadShedding });
      const layer = platformLayer({
        definition,
        runtime: 'node',
        fallbackErrorHandler: (error) => {
          throw error;
        },
        reliability,
      });
      const app = new Hono();
      for (const handler of layer.handlers) app.use(handler as never);
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      app.get('/work', async (c) => {
        await gate;
        return c.text('ok');
      });
      // The limiter starts at 20 concurrent requests: 60 at once exceed it.
      const pending = Array.from({ length: 60 }, () => app.request('/work'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      release();
      return (await Promise.all(pending)).map((response) => response.status);
    };
    expect((await statuses('on')).filter((status) => status === 503).length).toBeGreaterThan(0);
    expect(await statuses('off')).toEqual(Array.from({ length: 60 }, () => 200));
  });
});
