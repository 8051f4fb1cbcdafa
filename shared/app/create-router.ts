import { OpenAPIHono } from '@hono/zod-openapi';
import type { Hook } from '@hono/zod-openapi';
import type { AppEnv } from '../middleware/app-env.ts';
import { ProblemError } from './problem.ts';

/** Where a validation target shows up in field paths of problem responses. */
const TARGET_PREFIX: Readonly<Record<string, string>> = {
  json: 'body',
  form: 'body',
  param: 'param',
  query: 'query',
  header: 'header',
  cookie: 'cookie',
};

/**
 * Turns a failed zod validation into a 400 problem listing every offending field, e.g.
 * `{ field: 'body.handle', message: 'Too small: expected string to have >=3 characters' }`.
 */
export const validationProblemHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return;
  const prefix = TARGET_PREFIX[result.target] ?? result.target;
  const errors = result.error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    return keys.map((key) => ({
      field: [prefix, ...issue.path.map(String), ...(key ? [key] : [])].join('.'),
      message: issue.code === 'unrecognized_keys' ? 'Unknown field' : issue.message,
    }));
  });
  throw new ProblemError(400, {
    type: 'validation',
    title: 'Invalid request',
    detail: `The request ${prefix} failed validation`,
    errors: errors.flat(),
  });
};

/**
 * The router every function builds its routes on: an OpenAPIHono whose validation failures
 * become problem+json, and whose routes feed the generated OpenAPI document.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationProblemHook });
}
