import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isSqlError } from '../postgres/sql-error.ts';
import type { AppEnv } from './app-env.ts';
import { ProblemError, problemResponse, statusTitle } from './problem.ts';
import type { ProblemDetails } from './problem.ts';

/** Dependency failures callers cannot fix, by port error code. */
const DEPENDENCY_STATUS: Readonly<Record<string, number>> = {
  unavailable: 503,
  conflict: 503,
  timeout: 504,
  // The caller went away or the deadline fired: nobody reads this answer; 503 keeps it a 5xx.
  aborted: 503,
};

/**
 * Renders every error as RFC 9457 problem+json: ProblemError and Hono's HTTPExceptions with
 * their status, port errors (`SqlError`, `KafkaError`, `ObjectStoreError`) by code, anything
 * else as a bare 500. Internals (messages of unexpected errors, stacks, SQL) never leave.
 */
export const problemErrorHandler: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof ProblemError) {
    return problemResponse(
      base(c, error.status, {
        type: error.problemType,
        title: error.title,
        ...(error.detail ? { detail: error.detail } : {}),
        ...(error.errors ? { errors: error.errors } : {}),
      }),
      error.headers,
    );
  }
  if (error instanceof HTTPException) {
    // Hono's own (malformed JSON, body limit...): its message is written for clients.
    return problemResponse(base(c, error.status, { detail: error.message }));
  }
  if (isSqlError(error)) {
    if (error.code === 'constraint') {
      return problemResponse(base(c, 409, { type: typeUrl('conflict'), detail: 'The request conflicts with existing data' }));
    }
    if (error.code === 'invalid_input') {
      return problemResponse(base(c, 400, { detail: 'A value was rejected by the database' }));
    }
  }
  const code = portErrorCode(error);
  const status = code ? DEPENDENCY_STATUS[code] : undefined;
  if (status) {
    logError(c, error, 'dependency failure');
    const headers: Record<string, string> = status === 503 ? { 'retry-after': '1' } : {};
    return problemResponse(
      base(c, status, { type: typeUrl(`dependency-${code}`), detail: 'A dependency is not answering; retry later' }),
      headers,
    );
  }
  logError(c, error, 'unhandled error');
  return problemResponse(base(c, 500, {}));
};

/** 404 for unknown routes, as problem+json. */
export const problemNotFoundHandler: NotFoundHandler<AppEnv> = (c) =>
  problemResponse(base(c, 404, { detail: `No route for ${c.req.method} ${new URL(c.req.url).pathname}` }));

function base(c: Context<AppEnv>, status: number, fields: Partial<ProblemDetails>): ProblemDetails {
  const requestId = c.get('requestId');
  return {
    type: 'about:blank',
    title: statusTitle(status),
    status,
    instance: new URL(c.req.url).pathname,
    ...fields,
    ...(requestId ? { requestId } : {}),
  };
}

function typeUrl(slug: string): string {
  return `https://atlas-edge.dev/problems/${slug}`;
}

/** Port errors (SqlError, KafkaError, ObjectStoreError, RedisError...) carry a string `code`. */
function portErrorCode(error: unknown): string | undefined {
  if (!(error instanceof Error) || !/^(Sql|Kafka|ObjectStore|Redis)Error$/.test(error.name)) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function logError(c: Context<AppEnv>, error: unknown, msg: string): void {
  const err = error instanceof Error ? { name: error.name, message: error.message, code: portErrorCode(error) } : { value: String(error) };
  console.error(
    JSON.stringify({ level: 'error', msg, method: c.req.method, path: new URL(c.req.url).pathname, requestId: c.get('requestId'), error: err }),
  );
}

export { ProblemError };
