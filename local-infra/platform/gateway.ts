import { Agent, createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseCallerDeadline } from '#shared/middleware/request-deadline.ts';
import { resolveGatewayRoute } from '../dev-gateway/gateway-routing.ts';
import type { GatewayTarget } from '../dev-gateway/gateway-routing.ts';
import { sendJson, sendProblem } from './gateway-problem.ts';
import { proxyToInstance } from './gateway-proxy.ts';
import type { InstancePool } from './instance-pool.ts';

/** Options of {@link startGateway}. */
export interface GatewayOptions {
  /** Every function's routing (the registry's names and prefixes, as the workerd dev gateway uses). */
  readonly targets: readonly GatewayTarget[];
  /** The instance pool of each function, by name. */
  readonly pools: ReadonlyMap<string, InstancePool>;
  readonly port: number;
  readonly hostname?: string;
  /** Longest a request may wait for an instance: the function's wall time (caller deadlines cut it). */
  readonly waitBudgetMs: (functionName: string) => number;
  /** What `/health/deep` reports beside the instances (e.g. the autoscaler settings). */
  readonly describe?: () => Record<string, unknown>;
}

/** The running gateway. */
export interface Gateway {
  readonly url: string;
  readonly port: number;
  /** Readiness turns 503, the listener closes, open exchanges finish. */
  close(): Promise<void>;
}

/**
 * The platform's one origin on Node: routes each request by the function registry (the same
 * `resolveGatewayRoute` as the workerd dev gateway, so both runtimes share one URL space),
 * takes a slot on one of the function's instances from its pool, and streams the exchange.
 * Answers itself only when no function can: 404 (no route), 429 (throttled, Retry-After),
 * 504 (no instance in time), 503 (instance failed to start), 502 (instance gone mid-request).
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  // Keep-alive to the instances: a new TCP connection per request would dominate the hop's cost.
  // Idle sockets close before an instance's own 65 s keep-alive timeout could race a reuse.
  const agent = new Agent({ keepAlive: true, timeout: 30_000 });
  let draining = false;
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        sendProblem(res, 500, { code: 'GATEWAY_ERROR', title: 'Internal Server Error', detail: String(error), instance: req.url ?? '/' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const own = ownRoute(url.pathname);
    if (own) return own(res);
    const route = resolveGatewayRoute(options.targets, url.pathname);
    if (route.kind === 'index') return sendJson(res, 200, index());
    const pool = route.kind === 'function' ? options.pools.get(route.target.name) : undefined;
    if (route.kind !== 'function' || !pool) {
      return sendProblem(res, 404, {
        code: 'NO_ROUTE',
        title: 'Not Found',
        detail: `No function serves ${url.pathname}`,
        instance: url.pathname,
      });
    }
    const budget = waitBudget(req, options.waitBudgetMs(pool.functionName));
    const result = await pool.acquire(budget);
    const where = { instance: url.pathname };
    switch (result.kind) {
      case 'throttled':
        req.resume();
        return sendProblem(
          res,
          429,
          {
            ...where,
            code: 'THROTTLED',
            title: 'Too Many Requests',
            detail: `"${pool.functionName}" is at its maximum instances and concurrency`,
          },
          { 'retry-after': String(result.retryAfterSeconds) },
        );
      case 'timeout':
        req.resume();
        return sendProblem(res, 504, {
          ...where,
          code: 'DEADLINE_EXCEEDED',
          title: 'Gateway Timeout',
          detail: `no instance of "${pool.functionName}" was ready within ${budget} ms`,
        });
      case 'start-failed':
        req.resume();
        return sendProblem(
          res,
          503,
          { ...where, code: 'INSTANCE_START_FAILED', title: 'Service Unavailable', detail: result.error },
          { 'retry-after': '1' },
        );
      case 'lease':
        return proxyToInstance(req, res, {
          lease: result,
          path: route.path + url.search,
          agent,
          extraHeaders: {
            'atlas-instance': `${pool.functionName}-${result.instanceId}`,
            ...(result.coldStart ? { 'atlas-cold-start': 'true' } : {}),
          },
        });
    }
  }

  function ownRoute(path: string): ((res: ServerResponse) => void) | undefined {
    if (path === '/health' || path === '/health/live') return (res) => sendJson(res, 200, { status: 'ok' });
    if (path === '/health/ready') return (res) => sendJson(res, draining ? 503 : 200, { status: draining ? 'draining' : 'ok' });
    if (path === '/health/deep') return (res) => sendJson(res, draining ? 503 : 200, deep());
    return undefined;
  }

  function index(): Record<string, unknown> {
    return {
      service: 'atlas-edge gateway',
      runtime: 'node',
      functions: options.targets.map((target) => ({
        name: target.name,
        routes: target.routePrefixes,
        health: `/${target.name}/health/deep`,
      })),
    };
  }

  function deep(): Record<string, unknown> {
    const functions = Object.fromEntries([...options.pools].map(([name, pool]) => [name, { instances: pool.view() }]));
    return { status: draining ? 'draining' : 'ok', ...options.describe?.(), functions };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.hostname ?? '127.0.0.1'}:${port}`,
    port,
    async close() {
      draining = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      agent.destroy();
    },
  };
}

/**
 * How long a request may wait for an instance: its wall time, cut by the caller's deadline
 * (read by the same parser as the functions' deadline middleware). A malformed deadline header
 * does not cut it: the instance answers that request 400.
 */
function waitBudget(req: IncomingMessage, wallTimeMs: number): number {
  const now = Date.now();
  let callerLimitAt: number | undefined;
  try {
    callerLimitAt = parseCallerDeadline((name) => firstHeader(req.headers[name]), now).limitAt;
  } catch {
    callerLimitAt = undefined;
  }
  return Math.max(0, callerLimitAt === undefined ? wallTimeMs : Math.min(wallTimeMs, callerLimitAt - now));
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
