import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createFunctionApp } from '../../app/create-function-app.ts';
import type { FunctionDefinition } from '../../app/function-definition.ts';
import type { AppConfig, EnvRecord } from '../../config/app-config.ts';
import { createHealthState } from '../../health/health-state.ts';
import type { HealthState } from '../../health/health-state.ts';
import { nodeResponseHeader } from '../../middleware/node-response-header.node.ts';
import { startPeriodicMetricsPush } from '../../observability/metrics-push-periodic.ts';
import { guardDependencyProvider } from '../../reliability/guarded-dependencies.ts';
import { perRequestSubrequests } from '../../reliability/subrequest-counter.ts';
import { limitsOf } from '../../app/platform-limits.ts';
import { createPlatformReliability } from '../../reliability/platform-reliability.ts';
import { createReliabilityMetricsPusher } from '../../reliability/reliability-metrics-push.ts';
import type { PlatformReliability } from '../../reliability/platform-reliability.ts';
import { createNodeDependencies } from './node-dependencies.ts';
import type { NodeDependencies } from './node-dependencies.ts';

/** Options of {@link serveFunction}. */
export interface ServeFunctionOptions {
  readonly config: AppConfig;
  /** Port to listen on (default the definition's `nodePort`; 0 picks a free one). */
  readonly port?: number;
  /** Interface to bind (default 127.0.0.1: a local platform, not a public server). */
  readonly hostname?: string;
  /** Share clients with other functions of this process; when absent the function owns its own. */
  readonly dependencies?: NodeDependencies;
  /** How long `close()` lets in-flight requests finish, in ms (default 10000). */
  readonly drainTimeoutMs?: number;
  /** Raw environment handlers see as `c.var.env` (function-specific settings); default `process.env`. */
  readonly env?: EnvRecord;
  /** Metrics, logger and dependency policies; default: made for this function (LOG_LEVEL from env). */
  readonly reliability?: PlatformReliability;
  /** Push metrics to the sidecar every 5 s and on close (ADR 0013). Default true. */
  readonly pushMetrics?: boolean;
}

/** A function being served on Node. */
export interface RunningFunction {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly healthState: HealthState;
  /** The function's metrics, logger and dependency policies in this process. */
  readonly reliability: PlatformReliability;
  /** Readiness turns 503, the server stops accepting, in-flight requests finish (bounded), owned pools close. */
  close(): Promise<void>;
}

/** Serves one function with `@hono/node-server`; resolves once it is listening. */
export async function serveFunction(definition: FunctionDefinition, options: ServeFunctionOptions): Promise<RunningFunction> {
  const ownsDependencies = options.dependencies === undefined;
  const dependencies = options.dependencies ?? createNodeDependencies(options.config);
  const healthState = createHealthState();
  const auth = { secret: options.config.jwtSecret };
  const env = options.env ?? process.env;
  const reliability =
    options.reliability ??
    createPlatformReliability({
      functionName: definition.name,
      logLevel: env['LOG_LEVEL'],
      requires: definition.requires,
      loadShedding: env['LOAD_SHEDDING'],
    });
  // The function's limits in this deployment: its definition, then LIMIT_* of its env (ADR 0024).
  const limits = limitsOf(definition, env);
  const subrequests = perRequestSubrequests({
    functionName: definition.name,
    limit: limits.subrequests,
    metrics: reliability.metrics,
    logger: reliability.logger,
  });
  const app = createFunctionApp(definition, {
    name: 'node',
    // Every port call goes through its dependency's policy (timeout, retry, breaker, bulkhead)
    // and takes one of the request's subrequests.
    dependencies: guardDependencyProvider(dependencies.provider, reliability.registry, { subrequests }),
    limits,
    healthState,
    auth: () => auth,
    env: () => env,
    reliability,
    setResponseHeader: nodeResponseHeader,
  });
  const hostname = options.hostname ?? '127.0.0.1';

  const server = await new Promise<Server>((resolve, reject) => {
    const created = serve({ fetch: app.fetch, port: options.port ?? definition.nodePort, hostname }, () =>
      resolve(created as Server),
    ) as Server;
    created.once('error', reject);
  });
  // Node closes an idle keep-alive connection after 5 s by default; a client (k6, Go's
  // transport: 90 s) that reuses it at that moment gets EOF on a POST it cannot retry. Keep idle
  // connections longer than load balancers do (60 s), and headers time out after that.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const { port } = server.address() as AddressInfo;
  const drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
  // Best effort: a missing sidecar only costs a refused connection per push, logged at debug.
  const metricsPush =
    options.pushMetrics === false
      ? undefined
      : startPeriodicMetricsPush(createReliabilityMetricsPusher(reliability, 'node', options.config.metrics));

  let closing: Promise<void> | undefined;
  return {
    name: definition.name,
    url: `http://${hostname}:${port}`,
    port,
    healthState,
    reliability,
    close() {
      closing ??= (async () => {
        healthState.draining = true;
        await closeServer(server, drainTimeoutMs);
        // The final push carries everything counted while draining.
        await metricsPush?.stop(AbortSignal.timeout(2000));
        if (ownsDependencies) await dependencies.close();
      })();
      return closing;
    },
  };
}

function closeServer(server: Server, drainTimeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), drainTimeoutMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    // Keep-alive sockets with no request in flight would hold close() open.
    server.closeIdleConnections();
  });
}
