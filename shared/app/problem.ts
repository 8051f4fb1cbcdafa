import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One offending input field of a validation problem. */
export interface ProblemFieldError {
  /** Where: `body.handle`, `param.id`, `query.limit`, `header.x-request-timeout-ms`... */
  readonly field: string;
  readonly message: string;
  /** Machine-readable reason, e.g. zod's issue code (`too_big`). */
  readonly code?: string;
}

/** RFC 9457 problem details, plus the extension members this platform uses. */
export interface ProblemDetails {
  /** URI identifying the problem type; `about:blank` means "see status". */
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  /** The request path the problem occurred on. */
  readonly instance?: string;
  /** Extension: invalid fields of a validation failure. */
  readonly errors?: readonly ProblemFieldError[];
  /** Extension: the request id, so a user report can be matched to logs. */
  readonly requestId?: string;
  /** Extension: stable machine-readable code (e.g. `DEADLINE_EXCEEDED`). */
  readonly code?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Base of every problem type URI (one vocabulary for the whole API). */
export const PROBLEM_TYPE_BASE = 'https://atlas-edge.dev/problems/';

/** The problem type URI for a slug, e.g. `dependency-unavailable`. */
export const problemType = (slug: string): string => `${PROBLEM_TYPE_BASE}${slug}`;

/** Options of {@link ProblemError}. */
export interface ProblemErrorOptions {
  /** Problem type slug, turned into `https://atlas-edge.dev/problems/<type>`; default `about:blank`. */
  readonly type?: string;
  readonly title?: string;
  readonly detail?: string;
  readonly errors?: readonly ProblemFieldError[];
  /** Extra response headers (e.g. `Retry-After`). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

/**
 * The one error type handlers throw for a client-visible failure. It is Hono's HTTPException
 * (so Hono's own 4xx errors and ours share a path) carrying problem details; the app's error
 * handler (`shared/middleware/error-handler.ts`) renders it as `application/problem+json`.
 */
export class ProblemError extends HTTPException {
  readonly problemType: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: readonly ProblemFieldError[] | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: ContentfulStatusCode, options: ProblemErrorOptions = {}) {
    super(status, { message: options.detail ?? options.title ?? statusTitle(status), cause: options.cause });
    this.name = 'ProblemError';
    this.problemType = options.type ? problemType(options.type) : 'about:blank';
    this.title = options.title ?? statusTitle(status);
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

/** Renders problem details as a response, outside a Hono context (e.g. the event push endpoint). */
export function problemResponse(problem: ProblemDetails, headers: Readonly<Record<string, string>> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...headers },
  });
}

/**
 * Answers the current request with problem details: `title` from the status, `instance` the
 * request path and `requestId` from the context unless given. Goes through `c.body`, so headers
 * set earlier by middleware (X-Request-Id, Retry-After) are kept.
 */
export function respondWithProblem(
  c: Context,
  problem: Omit<ProblemDetails, 'type' | 'title' | 'instance' | 'requestId'> & Partial<ProblemDetails>,
  headers?: Readonly<Record<string, string>>,
): Response {
  const requestId = c.get('requestId') as string | undefined;
  const body: ProblemDetails = {
    type: problem.type ?? 'about:blank',
    title: problem.title ?? statusTitle(problem.status),
    status: problem.status,
    ...(problem.detail === undefined ? {} : { detail: problem.detail }),
    instance: problem.instance ?? c.req.path,
    ...(requestId === undefined ? {} : { requestId }),
    ...(problem.code === undefined ? {} : { code: problem.code }),
    ...(problem.errors === undefined ? {} : { errors: problem.errors }),
  };
  return c.body(JSON.stringify(body), problem.status as ContentfulStatusCode, {
    'Content-Type': PROBLEM_CONTENT_TYPE,
    'Cache-Control': 'no-store',
    ...headers,
  });
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Standard reason phrase for a status (`Client Error` / `Server Error` when unknown). */
export function statusTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}
