import type { Context } from 'hono';
import { createFunctionApp } from '../../app/create-function-app.ts';
import type { FunctionDefinition } from '../../app/function-definition.ts';
import { loadConfig } from '../../config/app-config.ts';
import type { AppConfig, EnvRecord } from '../../config/app-config.ts';
import { createHealthState } from '../../health/health-state.ts';
import { createWorkerdDependencyProvider } from './workerd-dependencies.ts';
import { envRecordFromBindings } from './workerd-env.ts';
import type { WorkerdBindings } from './workerd-env.ts';
import { EVENT_PUSH_PREFIX, handleEventPush } from '../../app/event-push.ts';
import { openTriggerScope } from './workerd-triggers.ts';
import { guardDependencyProvider, guardTriggerDependencies } from '../../reliability/guarded-dependencies.ts';
import { createPlatformReliability } from '../../reliability/platform-reliability.ts';
import { perRequestSubrequests } from '../../reliability/subrequest-counter.ts';
import { limitsOf } from '../../app/platform-limits.ts';
import type { FunctionLimits } from '../../app/platform-limits.ts';
import type { PlatformReliability } from '../../reliability/platform-reliability.ts';
import { createReliabilityMetricsPusher } from '../../reliability/reliability-metrics-push.ts';
import { createWorkerdMetricsPush } from '../../observability/metrics-push-workerd.ts';
import { configRefusalResponse, isConfigRefusal } from './config-refusal.ts';
import type { WorkerdMetricsPush } from '../../observability/metrics-push-workerd.ts';

/**
 * The `fetch` handler of a function's workerd entry:
 * `export default { fetch: createWorkerdFetch(usersFunction) } satisfies ExportedHandler<Env>`.
 * The Hono app and the parsed config are kept for the isolate's life (plain data, no I/O
 * objects); the clients are per request.
 */
export function createWorkerdFetch(
  definition: FunctionDefinition,
): (request: Request, env: WorkerdBindings, ctx: ExecutionContext) => Promise<Response> {
  // Bindings are fixed for the life of an isolate; parse them once per env object.
  const configs = new WeakMap<object, AppConfig>();
  const envRecords = new WeakMap<object, EnvRecord>();
  const envRecordOf = (env: WorkerdBindings): EnvRecord => {
    let record = envRecords.get(env);
    if (!record) {
      record = envRecordFromBindings(env);
      envRecords.set(env, record);
    }
    return record;
  };
  const envFor = (c: Context): EnvRecord => envRecordOf(c.env as WorkerdBindings);
  const configOf = (env: WorkerdBindings): AppConfig => {
    let config = configs.get(env);
    if (!config) {
      config = loadConfig(envRecordFromBindings(env));
      configs.set(env, config);
    }
    return config;
  };
  const configFor = (c: Context): AppConfig => configOf(c.env as WorkerdBindings);
  // Built on the first request, not at module scope: workerd's clock reads 0 during global
  // scope, and the health state records when the isolate started serving.
  let app: ReturnType<typeof createFunctionApp> | undefined;
  const hasEvents = (definition.events?.length ?? 0) > 0;
  // One reliability state per isolate: breakers, budgets and the limiter see all its requests.
  let reliability: PlatformReliability | undefined;
  let metricsPush: WorkerdMetricsPush | undefined;
  const createIsolateReliability = (env: WorkerdBindings): PlatformReliability =>
    createPlatformReliability({
      functionName: definition.name,
      logLevel: envRecordFromBindings(env)['LOG_LEVEL'],
      requires: definition.requires,
    });
  const createIsolatePush = (env: WorkerdBindings, perIsolate: PlatformReliability): WorkerdMetricsPush => {
    const target = configOf(env).metrics;
    return createWorkerdMetricsPush(createReliabilityMetricsPusher(perIsolate, 'workerd', target));
  };
  return async (request, env, ctx) => {
    // Config first, before any route: invalid bindings or a development credential in
    // production refuse every request (production-guard.ts).
    let config: AppConfig;
    let limits: FunctionLimits;
    try {
      config = configOf(env);
      // The function's limits: its definition, then LIMIT_* of its wrangler env (ADR 0024).
      limits = limitsOf(definition, envRecordOf(env));
    } catch (error) {
      if (isConfigRefusal(error)) return configRefusalResponse(error);
      throw error;
    }
    // Event triggers pushed by the Node host (shared/app/triggers.ts): outside the app, so
    // neither its body limit nor its routes apply.
    if (hasEvents && new URL(request.url).pathname.startsWith(EVENT_PUSH_PREFIX)) {
      // The isolate's policies and recorder: no retry layer (the pusher redelivers with
      // backoff), outbox and dependency metrics pushed like the HTTP side's.
      const isolate = (reliability ??= createIsolateReliability(env));
      const response = await handleEventPush(definition, request, {
        pushToken: config.events.pushToken,
        openScope: (fields) => {
          const scope = openTriggerScope(config, ctx, fields);
          return { ...scope, deps: guardTriggerDependencies(scope.deps, isolate.registry) };
        },
        env: envRecordOf(env),
        metrics: isolate.metrics,
      });
      (metricsPush ??= createIsolatePush(env, isolate)).afterRequest(ctx);
      return response;
    }
    reliability ??= createIsolateReliability(env);
    app ??= createFunctionApp(definition, {
      name: 'workerd',
      // workerd enforces no subrequest limit locally: the guarded ports count, as on Node.
      dependencies: guardDependencyProvider(createWorkerdDependencyProvider(configFor), reliability.registry, {
        subrequests: perRequestSubrequests({
          functionName: definition.name,
          limit: limits.subrequests,
          metrics: reliability.metrics,
          logger: reliability.logger,
        }),
      }),
      limits,
      reliability,
      healthState: createHealthState(),
      auth: (c) => ({ secret: configFor(c).jwtSecret }),
      env: envFor,
    });
    metricsPush ??= createIsolatePush(env, reliability);
    const response = await app.fetch(request, env, ctx);
    // After the response is ready, in waitUntil: never delays it (ADR 0013).
    metricsPush.afterRequest(ctx);
    return response;
  };
}
