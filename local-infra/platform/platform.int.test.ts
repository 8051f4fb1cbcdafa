import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { docsFunction } from '#functions/docs/index.ts';
import { defineFunction } from '#shared/app/function-definition.ts';
import type { FunctionScaling } from '#shared/app/scaling.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { limitsOf } from '#shared/app/platform-limits.ts';
import type { FunctionLimits } from '#shared/app/platform-limits.ts';
import { createLogger, silentLogger } from '#shared/observability/logger.ts';
import { nodeMemoryExecArgv } from '#shared/runtime/node/memory-exec-argv.ts';
import { ProcessLauncher } from './instance-process.ts';
import { startPlatform } from './platform.ts';
import type { Platform, PlatformOptions } from './platform.ts';

const SLEEPY_ENTRY = fileURLToPath(new URL('./testing/sleepy-instance.ts', import.meta.url));
// Windows short enough for a test: decisions every 200 ms, idle to zero after 1.5 s.
const FAST = { stableWindowMs: 2_000, panicWindowMs: 600, scaleToZeroAfterMs: 1_500, tickMs: 200 };

const config = loadConfig(process.env);
let platform: Platform | undefined;
afterEach(async () => {
  await platform?.close();
  platform = undefined;
});

/** The platform as these tests run it: free port, fast windows, no triggers, quiet unless asked. */
function testPlatform(options: Pick<PlatformOptions, 'functions'> & Partial<PlatformOptions>): Promise<Platform> {
  return startPlatform({ config, env: process.env, port: 0, settings: FAST, triggers: false, logger: silentLogger, ...options });
}

/** A stand-in function at `/sleepy`, served by the sleepy instance process. */
function sleepyFunction(overrides: { scaling?: Partial<FunctionScaling>; limits?: Partial<FunctionLimits> } = {}) {
  return defineFunction({
    name: 'sleepy',
    nodePort: 0,
    routePrefixes: ['/sleepy'],
    requires: [],
    routes: docsFunction.routes,
    ...overrides,
  });
}

function sleepyLauncher(env: Record<string, string | undefined> = {}, execArgv?: () => readonly string[]): ProcessLauncher {
  return new ProcessLauncher({ env: { ...process.env, ...env }, entry: SLEEPY_ENTRY, ...(execArgv ? { execArgv } : {}) });
}

function sleepyPlatform(scaling: Partial<FunctionScaling>): Promise<Platform> {
  return testPlatform({ functions: [sleepyFunction({ scaling })], launcher: sleepyLauncher() });
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const instancesOf = (p: Platform, name: string) => p.pools.get(name)?.view() ?? [];

describe('the Node platform with real instance processes', () => {
  it('serves a registry function from zero through the gateway, counting the cold start', async () => {
    platform = await testPlatform({ functions: [docsFunction] });
    expect(instancesOf(platform, 'docs')).toEqual([]);
    const first = await fetch(`${platform.gateway.url}/openapi.json`, { headers: { 'x-request-id': 'gateway-test-1' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('atlas-cold-start')).toBe('true');
    expect(first.headers.get('x-request-id')).toBe('gateway-test-1');
    expect(((await first.json()) as { openapi: string }).openapi).toMatch(/^3\./);
    const second = await fetch(`${platform.gateway.url}/docs/health/ready`);
    expect(second.status).toBe(200);
    expect(second.headers.get('atlas-cold-start')).toBeNull();
    const deep = (await (await fetch(`${platform.gateway.url}/health/deep`)).json()) as {
      functions: Record<string, { instances: { state: string; coldStartMs: number }[] }>;
    };
    expect(deep.functions['docs']?.instances).toMatchObject([{ state: 'ready' }]);
    expect(deep.functions['docs']?.instances[0]?.coldStartMs).toBeGreaterThan(0);
    const missing = await fetch(`${platform.gateway.url}/nothing-here`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
  });

  it('scales out under a spike to max instances, then back to zero, failing no request', async () => {
    platform = await sleepyPlatform({ minInstances: 0, maxInstances: 3, targetConcurrency: 4, maxConcurrency: 50 });
    const seen = new Set<number>();
    let peak = 0;
    const statuses: number[] = [];
    const sampler = setInterval(() => (peak = Math.max(peak, instancesOf(platform as Platform, 'sleepy').length)), 50);
    // 24 clients each sending 300 ms requests for 3 s: 24 in flight wants 24 / (4 x 0.7) > 3.
    await Promise.all(
      Array.from({ length: 24 }, async () => {
        const until = Date.now() + 3_000;
        while (Date.now() < until) {
          const res = await fetch(`${(platform as Platform).gateway.url}/sleepy/wait?ms=300`);
          statuses.push(res.status);
          seen.add(((await res.json()) as { pid: number }).pid);
        }
      }),
    );
    clearInterval(sampler);
    expect(peak).toBe(3);
    expect(seen.size).toBe(3);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    await expect.poll(() => instancesOf(platform as Platform, 'sleepy').length, { timeout: 10_000, interval: 100 }).toBe(0);
  });

  it('drains a busy instance on scale-in: its in-flight request still succeeds', async () => {
    // Two in flight want one instance (2 / (4 x 0.7) < 1); twelve want two.
    platform = await sleepyPlatform({ minInstances: 0, maxInstances: 2, targetConcurrency: 4, maxConcurrency: 10 });
    const url = platform.gateway.url;
    await Promise.all(Array.from({ length: 12 }, () => fetch(`${url}/sleepy/wait?ms=800`).then((res) => res.arrayBuffer())));
    expect(instancesOf(platform, 'sleepy').filter((i) => i.state === 'ready')).toHaveLength(2);
    let drainedBusy = false;
    const sampler = setInterval(() => {
      drainedBusy ||= instancesOf(platform as Platform, 'sleepy').some((i) => i.state === 'draining' && i.inFlight > 0);
    }, 20);
    // One long request on each instance (least-loaded routing spreads them) while the windows empty.
    const long = await Promise.all(
      [0, 20].map(async (delay) => {
        await wait(delay);
        const res = await fetch(`${url}/sleepy/wait?ms=5000`);
        return { status: res.status, pid: ((await res.json()) as { pid: number }).pid };
      }),
    );
    clearInterval(sampler);
    expect(drainedBusy).toBe(true);
    expect(long.map((answer) => answer.status)).toEqual([200, 200]);
    expect(new Set(long.map((answer) => answer.pid)).size).toBe(2);
  });

  it('throttles past max instances x max concurrency with 429 and Retry-After', async () => {
    platform = await sleepyPlatform({ minInstances: 1, maxInstances: 1, targetConcurrency: 2, maxConcurrency: 2 });
    const answers = await Promise.all(Array.from({ length: 5 }, () => fetch(`${(platform as Platform).gateway.url}/sleepy/wait?ms=500`)));
    const throttled = answers.filter((res) => res.status === 429);
    expect(answers.filter((res) => res.status === 200)).toHaveLength(2);
    expect(throttled).toHaveLength(3);
    expect(throttled[0]?.headers.get('retry-after')).toBe('1');
    expect(((await throttled[0]?.json()) as { code: string }).code).toBe('THROTTLED');
  });

  it('kills an instance past its memory limit: the caller gets a 502, the platform counts and replaces it', async () => {
    const events: string[] = [];
    const hog = sleepyFunction({ limits: { memoryMb: 32 } });
    platform = await testPlatform({
      functions: [hog],
      logger: createLogger({ level: 'info', sink: (line) => events.push(line) }),
      launcher: sleepyLauncher({}, () => nodeMemoryExecArgv(limitsOf(hog))),
    });
    const res = await fetch(`${platform.gateway.url}/sleepy/hog`);
    expect(res.status).toBe(502);
    expect(((await res.json()) as { code: string }).code).toBe('INSTANCE_UNREACHABLE');
    await expect
      .poll(() => events.some((line) => line.includes('"instance-crashed"') && line.includes('out of memory')), { timeout: 5_000 })
      .toBe(true);
    expect((await fetch(`${platform.gateway.url}/sleepy/wait`)).status).toBe(200);
  });

  it('answers 504 when no instance is ready within the caller deadline', async () => {
    platform = await testPlatform({ functions: [sleepyFunction()], launcher: sleepyLauncher({ SLEEPY_START_MS: '3000' }) });
    const res = await fetch(`${platform.gateway.url}/sleepy/wait`, { headers: { 'x-request-timeout-ms': '500' } });
    expect(res.status).toBe(504);
    expect(((await res.json()) as { code: string }).code).toBe('DEADLINE_EXCEEDED');
  });
});
