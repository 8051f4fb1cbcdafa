import type { AuthSettings } from '../auth/auth-settings.ts';
import type { EnvRecord } from '../config/app-config.ts';
import type { Dependencies } from './dependencies.ts';

/** Context variables every function handler can read (`c.var.x`). */
export interface AppVariables {
  /** Ports to Postgres, Redis, Kafka, S3: see `Dependencies`. */
  deps: Dependencies;
  /**
   * Pass this to every dependency call. Today the request's own signal (client went away);
   * the reliability layer replaces it with the request's deadline.
   */
  signal: AbortSignal;
  /** Set by the reliability layer's request-id middleware; echoed in problem responses. */
  requestId?: string;
  /** JWT settings from config (`JWT_SECRET`), for `requireAuth()` and `issueToken()` (shared/auth). */
  auth?: AuthSettings;
  /**
   * The raw environment (process.env on Node, string bindings on workerd) for settings of one
   * function only (e.g. the timeline's FANOUT_STRATEGY); parse it once, cached per object.
   */
  env?: EnvRecord;
}

/** The Hono environment of every function app. `c.env` differs per runtime: do not use it. */
export interface AppEnv {
  Variables: AppVariables;
}
