/**
 * Errors that function code throws to produce a specific 4xx problem response. Anything else
 * that escapes a handler becomes a 500 without details (see error-handler.ts).
 */

import type { ProblemFieldError } from '../app/problem.ts';

/** One invalid field: the problem details' `errors` member. */
export type FieldError = ProblemFieldError;

/** Shape of a zod (v3/v4) issue, duck-typed so this file needs no zod import. */
interface IssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: string;
}

/** Input failed validation: 400 with the offending fields listed. */
export class ValidationError extends Error {
  readonly code = 'VALIDATION_FAILED';
  readonly status = 400;
  readonly fields: readonly FieldError[];
  constructor(fields: readonly FieldError[], message = 'The request is invalid.') {
    super(message);
    this.name = 'ValidationError';
    this.fields = fields;
  }

  /** From zod issues; `target` prefixes the field (`body`, `query`, `param`, `header`). */
  static fromIssues(issues: readonly IssueLike[], target?: string): ValidationError {
    return new ValidationError(
      issues.map((issue) => ({
        field: [...(target ? [target] : []), ...issue.path.map(String)].join('.'),
        message: issue.message,
        ...(issue.code ? { code: issue.code } : {}),
      })),
    );
  }
}

/** The caller exceeded its rate limit: 429 with `Retry-After`. */
export class RateLimitedError extends Error {
  readonly code = 'RATE_LIMITED';
  readonly status = 429;
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('Too many requests; retry later.');
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
