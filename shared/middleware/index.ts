/**
 * The request pipeline: every HTTP request of every function, on Node and on workerd, passes
 * through this one folder. It is the single home of the per-request path: the Env type, the
 * middleware, their composition and the function-specific configuration. What the pipeline
 * only reads lives where it is also used outside requests: the per-process reliability state
 * (`shared/reliability/platform-reliability.ts`, shared with event and schedule triggers), the
 * `Deadline` value (`shared/reliability/deadline.ts`, the budget of any unit of work) and the
 * dependency policies (`shared/reliability/`).
 *
 * Order of a request through `createFunctionApp` (`shared/app/create-function-app.ts`):
 *
 * 1. the app's scope: `c.var.deps`, `c.var.signal`, `c.var.auth`, `c.var.env`;
 * 2. `platform-layer.ts` configures `reliability-layer.ts` for a function definition (budget =
 *    the function's wall time, per-user write limit through Redis, shedding floors from
 *    `shedding-floor.ts`), which composes into ONE Hono middleware (`compose-layer.ts`),
 *    outermost first:
 *    `request-id.ts` (request id + trace context) -> `access-log.ts` -> `red-metrics.ts` ->
 *    `load-shed.ts` (adaptive limiter) -> `request-deadline.ts` (the request's `Deadline`, the
 *    caller's deadline headers, 504; expiry timers shared per millisecond through
 *    `shared/reliability/deadline-timers.ts`) -> `rate-limit.ts` (writes; limiters behind
 *    `rate-limiter.port.ts`);
 * 3. health routes, body limit, the function's routes; `error-handler.ts` renders every error as
 *    problem+json (`http-errors.ts` are the layer's own errors).
 *
 * Routes read the request through `app-env.ts` (the one `AppEnv`) and `request-context.ts`
 * (`requestLogger(c)`, `markDegraded(c)`); a route that needs another budget uses
 * `routeDeadline(ms)`. Helpers: `client-address.ts`, `route-template.ts` (the metrics' route
 * label), `node-response-header.node.ts` (Node's fast header path). `testing/` holds the probe
 * app and the conformance suite both runtimes pass.
 */
export type { AppEnv, AppVariables } from './app-env.ts';
export { platformLayer } from './platform-layer.ts';
export type { PlatformLayer, PlatformMiddlewareContext } from './platform-layer.ts';
export { reliabilityLayer, reliabilityMiddleware } from './reliability-layer.ts';
export type { ReliabilityLayerOptions, ReliabilityMiddleware } from './reliability-layer.ts';
export { markDegraded, requestLogger } from './request-context.ts';
export { parseCallerDeadline, routeDeadline } from './request-deadline.ts';
