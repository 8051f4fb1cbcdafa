import { Hono } from 'hono';
import type { Context } from 'hono';
import type { AuthSettings } from '../auth/auth-settings.ts';
import type { EnvRecord } from '../config/app-config.ts';
import { bodyLimit } from 'hono/body-limit';
import type { HealthCheck } from '../health/health-check.ts';
import { healthRoutes } from '../health/health-routes.ts';
import type { HealthState } from '../health/health-state.ts';
import type { AppEnv } from '../middleware/app-env.ts';
import { dependencyChecks } from './dependency-checks.ts';
import type { DependencyProvider } from './dependencies.ts';
import { problemNotFound, reliabilityErrorHandler } from '../middleware/error-handler.ts';
import type { FunctionDefinition } from './function-definition.ts';
import type { FunctionLimits } from './platform-limits.ts';
import { allowedMethodsOf, methodAwareNotFound } from './method-not-allowed.ts';
import { platformLayer } from '../middleware/platform-layer.ts';
import { ProblemError } from './problem.ts';
import type { PlatformReliability } from '../reliability/platform-reliability.ts';
import { withBreakerDetails } from '../reliability/breaker-health-checks.ts';

/** What a runtime entry provides to build a function app. */
export interface FunctionRuntime {
  readonly name: 'node' | 'workerd';
  readonly dependencies: DependencyProvider;
  readonly healthState: HealthState;
  /** Checks beyond the dependency pings (e.g. breaker states), evaluated per request. */
  readonly extraHealthChecks?: () => readonly HealthCheck[];
  /**
   * JWT settings for this request (`c.var.auth`): from config, which on workerd is only known
   * per request (bindings). Without it, routes behind `requireAuth()` answer 500.
   */
  readonly auth?: (c: Context) => AuthSettings;
  /** The raw environment for this request (`c.var.env`): function-specific settings. */
  readonly env?: (c: Context) => EnvRecord;
  /**
   * The function's reliability state for this process / isolate (metrics, logger, dependency
   * policies): turns the platform layer on and serves `GET /metrics`. Absent in bare unit setups.
   */
  readonly reliability?: PlatformReliability;
  /** Runtime-specific response-header setter for the request id (Node: `nodeResponseHeader`). */
  readonly setResponseHeader?: (c: Context, name: string, value: string) => void;
  /**
   * The function's platform limits in this deployment (`limitsOf(definition, env)`, resolved by
   * the entry); default the definition's own. The wall time becomes the request budget.
   */
  readonly limits?: FunctionLimits;
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * Builds the Hono app of a function: dependencies per request, the platform middleware
 * (reliability layer slot), health routes, a body limit, the function's routes, and
 * problem+json for every error and unknown route (405 with `Allow` for a known path). Holds no I/O object itself, so it may live
 * at module scope on workerd.
 */
export function createFunctionApp(definition: FunctionDefinition, runtime: FunctionRuntime): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    c.set('signal', c.req.raw.signal);
    if (runtime.auth) c.set('auth', runtime.auth(c));
    if (runtime.env) c.set('env', runtime.env(c));
    const scope = runtime.dependencies.open(c);
    c.set('deps', scope.deps);
    try {
      await next();
    } finally {
      scope.release(c);
    }
  });

  const layer = platformLayer({
    definition,
    runtime: runtime.name,
    ...(runtime.reliability ? { reliability: runtime.reliability } : {}),
    ...(runtime.setResponseHeader ? { setResponseHeader: runtime.setResponseHeader } : {}),
    ...(runtime.limits ? { limits: runtime.limits } : {}),
  });
  for (const middleware of layer.handlers) app.use(middleware);
  // Handlers pass `c.var.signal` to dependencies: once the platform layer has set a deadline,
  // that signal must fire on the deadline as well as on the client going away.
  app.use(async (c, next) => {
    const deadline = (c.var as { deadline?: { signal?: AbortSignal } }).deadline;
    if (deadline?.signal) c.set('signal', AbortSignal.any([c.req.raw.signal, deadline.signal]));
    await next();
  });

  const metrics = runtime.reliability?.metrics;
  // This process's metrics (Prometheus text); the sidecar aggregates pushes across instances.
  if (metrics) app.get('/metrics', async (c) => c.body(await metrics.metrics(), 200, { 'content-type': metrics.contentType }));

  app.route(
    '/',
    healthRoutes<AppEnv>({
      functionName: definition.name,
      runtime: runtime.name,
      state: runtime.healthState,
      checks: (c) => {
        const pings = dependencyChecks(c.var.deps, definition.requires);
        const checks = runtime.reliability ? withBreakerDetails(pings, runtime.reliability.registry) : pings;
        return [...checks, ...(runtime.extraHealthChecks?.() ?? [])];
      },
    }),
  );

  const maxSize = definition.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const limitBody = bodyLimit({
    maxSize,
    onError: () => {
      throw new ProblemError(413, { detail: `Request bodies are limited to ${maxSize} bytes` });
    },
  });
  // GET and HEAD carry no body. Skipping them matters on Node: hono's bodyLimit reads
  // `c.req.raw.body`, which makes @hono/node-server build a full undici Request per request
  // (about 10% of a cached timeline read's CPU in the profile).
  app.use((c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));

  app.route('/', definition.routes());
  // One problem+json renderer for every error (the layer's, or the same without a logger).
  app.onError(layer.errorHandler ?? reliabilityErrorHandler());
  app.notFound(methodAwareNotFound(allowedMethodsOf(app), problemNotFound()));
  return app;
}
