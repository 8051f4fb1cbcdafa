import { PROBLEM_CONTENT_TYPE, problemType } from '../../app/problem.ts';
import { ConfigError } from '../../config/app-config.ts';
import { DevelopmentDefaultsError } from '../../config/production-guard.ts';

/** True for the errors that mean "this deployment's configuration cannot be served". */
export function isConfigRefusal(error: unknown): error is ConfigError | DevelopmentDefaultsError {
  return error instanceof ConfigError || error instanceof DevelopmentDefaultsError;
}

/**
 * What a worker answers while its bindings are refused (a Worker has no start-up step that could
 * exit, so it refuses every request instead). The detail names the variables, never their values:
 * the names are public in the repository, and the operator reading `wrangler tail` needs them.
 */
export function configRefusalResponse(error: ConfigError | DevelopmentDefaultsError): Response {
  console.error(JSON.stringify({ level: 'error', msg: 'configuration refused', code: error.code, detail: error.message }));
  const body = {
    type: problemType('server-misconfigured'),
    title: 'Server misconfigured',
    status: 500,
    detail: error.message,
    code: error.code,
  };
  return new Response(JSON.stringify(body), { status: 500, headers: { 'content-type': PROBLEM_CONTENT_TYPE } });
}
