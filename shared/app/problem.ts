import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One offending input field of a validation problem. */
export interface ProblemFieldError {
  /** Where: `body.handle`, `param.id`, `query.limit`... */
  readonly field: string;
  readonly message: string;
}

/** RFC 9457 problem details, plus the extension members this platform uses. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly errors?: readonly ProblemFieldError[];
  readonly requestId?: string;
}

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
 * handler renders it as `application/problem+json`.
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
    this.problemType = options.type ? `https://atlas-edge.dev/problems/${options.type}` : 'about:blank';
    this.title = options.title ?? statusTitle(status);
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

/** Renders problem details as a response. */
export function problemResponse(problem: ProblemDetails, headers: Readonly<Record<string, string>> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...headers },
  });
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Standard reason phrase for a status (`Error` when unknown). */
export function statusTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Error');
}
