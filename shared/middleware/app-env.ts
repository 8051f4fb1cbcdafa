import type { AuthSettings } from '../auth/auth-settings.ts';
import type { EnvRecord } from '../config/app-config.ts';
import type { Dependencies } from '../app/dependencies.ts';
import type { Logger } from '../observability/logger.ts';
import type { TraceContext } from '../observability/trace-context.ts';
import type { Deadline } from '../reliability/deadline.ts';

/**
 * Context variables of every request (`c.var.x`): the ones the function app sets before the
 * pipeline runs, and the ones the pipeline's middleware set. One type for the layer, the
 * function apps and their routes, so no handler needs a cast to read what another one set.
 *
 * The pipeline's variables are typed as always present: every function app served by a runtime
 * entry runs the pipeline. Only bare unit setups (an app built without the layer) lack them.
 * Flags are only set when true; the access log reports them.
 */
export interface AppVariables {
  /** Ports to Postgres, Redis, Kafka, S3: see `Dependencies`. */
  deps: Dependencies;
  /**
   * Pass this to every dependency call: it fires when the client goes away and, once the
   * deadline middleware has run, when the request's budget runs out.
   */
  signal: AbortSignal;
  /** JWT settings from config (`JWT_SECRET`), for `requireAuth()` and `issueToken()` (shared/auth). */
  auth?: AuthSettings;
  /**
   * The raw environment (process.env on Node, string bindings on workerd) for settings of one
   * function only (e.g. the timeline's FANOUT_STRATEGY); parse it once, cached per object.
   */
  env?: EnvRecord;
  /** Accepted `X-Request-Id` or a fresh UUID; echoed in problem responses. */
  requestId: string;
  /** This request's trace position (continued from `traceparent` or new). */
  trace: TraceContext;
  /** The request's time budget (see `request-deadline.ts`); `signal` follows it. */
  deadline: Deadline;
  /** Base logger of the function (use `requestLogger(c)` for a request-scoped one). */
  logger: Logger;
  /** Rejected by the adaptive limiter. */
  shed: boolean;
  /** Rejected by the per-user rate limit. */
  rateLimited: boolean;
  /** Answered from a fallback (e.g. timeline built without Redis). */
  degraded: boolean;
  /** Answered 504 (deadline passed, or already passed on arrival). */
  deadlineExceeded: boolean;
}

/** The Hono environment of every function app and of the pipeline. `c.env` differs per runtime: do not use it. */
export interface AppEnv {
  Variables: AppVariables;
}
