import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { errorFields, silentLogger } from '../observability/logger.ts';
import type { Logger } from '../observability/logger.ts';
import {
  DeadlineExceededError,
  DependencyTimeoutError,
  DependencyUnavailableError,
  OperationCancelledError,
} from '../reliability/reliability-errors.ts';
import { RateLimitedError, ValidationError } from './http-errors.ts';
import { problemResponse, problemType } from './problem-details.ts';

/** Options of {@link reliabilityErrorHandler}. */
export interface ReliabilityErrorHandlerOptions {
  /** Where unexpected errors (500) are logged. */
  logger?: Logger;
  /**
   * Handler for errors that are not the layer's own (deadline, dependency unavailable, rate
   * limit, cancellation). The function app passes its domain-aware handler here; without one,
   * this handler also renders HTTPException, zod and unexpected errors.
   */
  fallback?: ErrorHandler;
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
      return problemResponse(c, { status: 400, type: problemType('validation'), code: error.code, detail: error.message, errors: error.fields });
    }
    if (error instanceof RateLimitedError) {
      c.set('rateLimited', true);
      return problemResponse(c, { status: 429, type: problemType('rate-limited'), code: error.code, detail: error.message }, { 'Retry-After': String(error.retryAfterSeconds) });
    }
    if (error instanceof DeadlineExceededError) {
      c.set('deadlineExceeded', true);
      return problemResponse(c, { status: 504, type: problemType('deadline-exceeded'), code: error.code, detail: `The request did not complete within its ${error.budgetMs} ms deadline.` });
    }
    if (error instanceof DependencyUnavailableError) {
      return problemResponse(
        c,
        { status: 503, type: problemType('dependency-unavailable'), code: error.code, detail: 'A service this request needs is temporarily unavailable; retry later.' },
        { 'Retry-After': String(error.retryAfterSeconds) },
      );
    }
    if (error instanceof DependencyTimeoutError) {
      return problemResponse(c, { status: 504, type: problemType('dependency-timeout'), code: error.code, detail: 'A service this request needs did not answer in time.' });
    }
    if (error instanceof OperationCancelledError) {
      return problemResponse(c, { status: 503, type: problemType('cancelled'), code: error.code, detail: 'The request was cancelled.' });
    }
    if (fallback) return fallback(error, c);
    if (isZodError(error)) {
      const validation = ValidationError.fromIssues(error.issues);
      return problemResponse(c, { status: 400, type: problemType('validation'), code: validation.code, detail: validation.message, errors: validation.fields });
    }
    if (error instanceof HTTPException) {
      const status = error.status;
      // Keep headers the thrower put on its response (e.g. WWW-Authenticate from bearer auth).
      const headers: Record<string, string> = {};
      error.res?.headers.forEach((value, name) => {
        if (name !== 'content-type' && name !== 'content-length') headers[name] = value;
      });
      if (status >= 500) loggerFor(c, fallbackLogger).error('request failed', { status, ...errorFields(error) });
      return problemResponse(c, { status, ...(status < 500 && error.message ? { detail: error.message } : {}) }, headers);
    }
    if (error instanceof SyntaxError && c.req.header('content-type')?.includes('json')) {
      return problemResponse(c, { status: 400, type: problemType('malformed-json'), code: 'MALFORMED_JSON', detail: 'The request body is not valid JSON.' });
    }
    loggerFor(c, fallbackLogger).error('unhandled error', {
      ...errorFields(error),
      ...(error instanceof Error && error.stack ? { errorStack: error.stack } : {}),
    });
    return problemResponse(c, { status: 500, code: 'INTERNAL', detail: 'An unexpected error occurred.' });
  };
}

/** `app.notFound` handler: 404 as problem+json. */
export function problemNotFound(): NotFoundHandler {
  return function problemNotFound(c) {
    return problemResponse(c, { status: 404, code: 'NOT_FOUND', detail: `No route for ${c.req.method} ${c.req.path}.` });
  };
}
