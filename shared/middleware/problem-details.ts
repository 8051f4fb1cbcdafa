import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FieldError } from './http-errors.ts';

/** RFC 9457 problem details, with Atlas Edge's extension members. */
export interface ProblemDetails {
  /** URI identifying the problem type; `about:blank` means "see status". */
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  /** The request path the problem occurred on. */
  readonly instance?: string;
  /** Extension: the request id, so a user report can be matched to logs. */
  readonly requestId?: string;
  /** Extension: stable machine-readable code (e.g. `DEADLINE_EXCEEDED`). */
  readonly code?: string;
  /** Extension: invalid fields of a validation failure. */
  readonly errors?: readonly FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem type URIs share this base with `shared/app/problem.ts` (one vocabulary per API). */
export const PROBLEM_TYPE_BASE = 'https://atlas-edge.dev/problems/';

/** The problem type URI for a slug, e.g. `dependency-unavailable`. */
export const problemType = (slug: string): string => `${PROBLEM_TYPE_BASE}${slug}`;

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone', 413: 'Content Too Large',
  415: 'Unsupported Media Type', 422: 'Unprocessable Content', 429: 'Too Many Requests',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** The standard phrase for a status code. */
export function statusTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/** Builds a problem+json response for the current request. */
export function problemResponse(
  c: Context,
  problem: Omit<ProblemDetails, 'type' | 'title' | 'instance' | 'requestId'> & Partial<ProblemDetails>,
  headers?: Record<string, string>,
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
  // c.body keeps headers set earlier by middleware (X-Request-Id, Retry-After).
  return c.body(JSON.stringify(body), problem.status as ContentfulStatusCode, { 'Content-Type': PROBLEM_CONTENT_TYPE, 'Cache-Control': 'no-store', ...headers });
}
