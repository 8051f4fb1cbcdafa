import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { errorFields, silentLogger } from '../observability/logger.ts';
import type { Logger } from '../observability/logger.ts';
import {
  DeadlineExceededError,
  DependencyTimeoutError,
  DependencyUnavailableError,
  OperationCancelledError,
  SubrequestLimitExceededError,
} from '../reliability/reliability-errors.ts';
import { ProblemError, problemType, respondWithProblem } from '../app/problem.ts';
import { isSqlError } from '../postgres/sql-error.ts';
import { RateLimitedError, ValidationError } from './http-errors.ts';

/** Options of {@link reliabilityErrorHandler}. */
export interface ReliabilityErrorHandlerOptions {
  /** Where unexpected errors (500) are logged. */
  logger?: Logger;
  /**
   * Handler for errors that are not the layer's own (deadline, dependency unavailable, rate
   * limit, cancellation). Without one (the normal case), this handler renders everything:
   * ProblemError, HTTPException, zod, port errors and unexpected errors.
   */
  fallback?: ErrorHandler;
}

/** Port failures callers cannot fix, by port error code (SqlError, KafkaError, ObjectStoreError, RedisError). */
const DEPENDENCY_STATUS: Readonly<Record<string, number>> = {
  unavailable: 503,
  conflict: 503,
  timeout: 504,
  // The caller went away or the deadline fired: nobody reads this answer; 503 keeps it a 5xx.
  aborted: 503,
};

/** A port error's `code` (matched by name: bundles may hold two copies of a class). */
function portErrorCode(error: unknown): string | undefined {
  if (!(error instanceof Error) || !/^(Sql|Kafka|ObjectStore|Redis)Error$/.test(error.name)) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** Shape of a zod error, duck-typed (thrown by `schema.parse` in handlers). */
interface ZodLikeError {
  name: 'ZodError';
  issues: { path: PropertyKey[]; message: string; code?: string }[];
}
const isZodError = (error: unknown): error is ZodLikeError =>
  error instanceof Error && error.name === 'ZodError' && Array.isArray((error as Partial<ZodLikeError>).issues);

function loggerFor(c: Context, fallback: Logger): Logger {
  const base = (c.get('logger') as Logger | undefined) ?? fallback;
  const requestId = c.get('requestId') as string | undefined;
  return requestId === undefined ? base : base.child({ requestId });
}

/**
 * `app.onError` handler: every error becomes RFC 9457 problem+json carrying the request id
 * (ADR 0012). 4xx keep their message; 5xx never leak messages, stacks or dependency names
 * (those go to the log, tagged with the same request id).
 */
export function reliabilityErrorHandler(options: ReliabilityErrorHandlerOptions = {}): ErrorHandler {
  const fallbackLogger = options.logger ?? silentLogger;
  const { fallback } = options;
  return function reliabilityErrorHandler(error, c) {
    if (error instanceof ValidationError) {
      return respondWithProblem(c, {
        status: 400,
        type: problemType('validation'),
        code: error.code,
        detail: error.message,
        errors: error.fields,
      });
    }
    if (error instanceof RateLimitedError) {
      c.set('rateLimited', true);
      return respondWithProblem(
        c,
        { status: 429, type: problemType('rate-limited'), code: error.code, detail: error.message },
        { 'Retry-After': String(error.retryAfterSeconds) },
      );
    }
    if (error instanceof DeadlineExceededError) {
      c.set('deadlineExceeded', true);
      return respondWithProblem(c, {
        status: 504,
        type: problemType('deadline-exceeded'),
        code: error.code,
        detail: `The request did not complete within its ${error.budgetMs} ms deadline.`,
      });
    }
    if (error instanceof DependencyUnavailableError) {
      return respondWithProblem(
        c,
        {
          status: 503,
          type: problemType('dependency-unavailable'),
          code: error.code,
          detail: 'A service this request needs is temporarily unavailable; retry later.',
        },
        { 'Retry-After': String(error.retryAfterSeconds) },
      );
    }
    if (error instanceof DependencyTimeoutError) {
      return respondWithProblem(c, {
        status: 504,
        type: problemType('dependency-timeout'),
        code: error.code,
        detail: 'A service this request needs did not answer in time.',
      });
    }
    if (error instanceof SubrequestLimitExceededError) {
      // What Workers answer past the limit (an exception, 500); the counter has logged it.
      return respondWithProblem(c, {
        status: 500,
        type: problemType('subrequest-limit-exceeded'),
        code: error.code,
        detail: `Too many subrequests: this function may make ${error.limit} dependency calls per request.`,
      });
    }
    if (error instanceof OperationCancelledError) {
      return respondWithProblem(c, { status: 503, type: problemType('cancelled'), code: error.code, detail: 'The request was cancelled.' });
    }
    if (fallback) return fallback(error, c);
    if (error instanceof ProblemError) {
      return respondWithProblem(
        c,
        {
          status: error.status,
          type: error.problemType,
          title: error.title,
          ...(error.detail ? { detail: error.detail } : {}),
          ...(error.errors ? { errors: error.errors } : {}),
        },
        error.headers,
      );
    }
    if (isZodError(error)) {
      const validation = ValidationError.fromIssues(error.issues);
      return respondWithProblem(c, {
        status: 400,
        type: problemType('validation'),
        code: validation.code,
        detail: validation.message,
        errors: validation.fields,
      });
    }
    if (error instanceof HTTPException) {
      const status = error.status;
      // Keep headers the thrower put on its response (e.g. WWW-Authenticate from bearer auth).
      const headers: Record<string, string> = {};
      error.res?.headers.forEach((value, name) => {
        if (name !== 'content-type' && name !== 'content-length') headers[name] = value;
      });
      if (status >= 500) loggerFor(c, fallbackLogger).error('request failed', { status, ...errorFields(error) });
      return respondWithProblem(c, { status, ...(status < 500 && error.message ? { detail: error.message } : {}) }, headers);
    }
    if (error instanceof SyntaxError && c.req.header('content-type')?.includes('json')) {
      return respondWithProblem(c, {
        status: 400,
        type: problemType('malformed-json'),
        code: 'MALFORMED_JSON',
        detail: 'The request body is not valid JSON.',
      });
    }
    if (isSqlError(error) && error.code === 'constraint') {
      return respondWithProblem(c, { status: 409, type: problemType('conflict'), detail: 'The request conflicts with existing data' });
    }
    if (isSqlError(error) && error.code === 'invalid_input') {
      return respondWithProblem(c, { status: 400, detail: 'A value was rejected by the database' });
    }
    const portCode = portErrorCode(error);
    const portStatus = portCode === undefined ? undefined : DEPENDENCY_STATUS[portCode];
    if (portCode !== undefined && portStatus !== undefined) {
      loggerFor(c, fallbackLogger).error('dependency failure', { status: portStatus, ...errorFields(error) });
      return respondWithProblem(
        c,
        { status: portStatus, type: problemType(`dependency-${portCode}`), detail: 'A dependency is not answering; retry later' },
        portStatus === 503 ? { 'Retry-After': '1' } : {},
      );
    }
    loggerFor(c, fallbackLogger).error('unhandled error', {
      ...errorFields(error),
      ...(error instanceof Error && error.stack ? { errorStack: error.stack } : {}),
    });
    return respondWithProblem(c, { status: 500, code: 'INTERNAL', detail: 'An unexpected error occurred.' });
  };
}

/** `app.notFound` handler: 404 as problem+json. */
export function problemNotFound(): NotFoundHandler {
  return function problemNotFound(c) {
    return respondWithProblem(c, { status: 404, code: 'NOT_FOUND', detail: `No route for ${c.req.method} ${c.req.path}.` });
  };
}
