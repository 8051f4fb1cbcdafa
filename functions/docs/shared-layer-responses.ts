import type { OpenApiDocument } from './openapi-types.ts';

/** One status the shared layer (shared/app, shared/middleware) can answer on an operation. */
interface SharedResponse {
  readonly status: string;
  readonly description: string;
  /** Which operations can get it. */
  readonly appliesTo: (method: string, operation: Record<string, unknown>) => boolean;
  readonly retryAfter?: boolean;
}

const WRITES = new Set(['post', 'put', 'patch', 'delete']);
const hasBody = (method: string): boolean => method !== 'get' && method !== 'head';
const always = (): boolean => true;

/**
 * What the platform layer adds to every function's own responses, and on which operations:
 * the deadline headers (400), the subrequest limit and unexpected errors (500), load shedding
 * and dependency refusals (503), deadlines (504),
 * the per-user write limit (429, any write with a bearer token), the body limit (413, any
 * method with a body) and the JSON body check (415, operations taking JSON).
 */
const SHARED_RESPONSES: readonly SharedResponse[] = [
  {
    status: '400',
    description: 'Invalid request (including a malformed `X-Request-Timeout-Ms` or `X-Request-Deadline` header)',
    appliesTo: always,
  },
  { status: '413', description: "Request body over the function's limit", appliesTo: hasBody },
  {
    status: '415',
    description: 'Body is not JSON',
    appliesTo: (_method, operation) =>
      Boolean((operation['requestBody'] as { content?: Record<string, unknown> } | undefined)?.content?.['application/json']),
  },
  {
    status: '429',
    description: 'Write rate limit of this user exceeded; see `Retry-After`',
    appliesTo: (method) => WRITES.has(method),
    retryAfter: true,
  },
  {
    status: '500',
    description:
      'Unexpected error, or the function made more dependency calls than its per-request subrequest limit (`SUBREQUEST_LIMIT_EXCEEDED`, ADR 0024)',
    appliesTo: always,
  },
  {
    status: '503',
    description: 'Overloaded (load shedding) or a required dependency is unavailable; see `Retry-After`',
    appliesTo: always,
    retryAfter: true,
  },
  { status: '504', description: 'The request did not complete within its deadline', appliesTo: always },
];

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } } };

/**
 * Adds the shared layer's statuses to every function operation that does not document them
 * itself (health routes are exempt from shedding and describe their own 503). A function's own
 * description of a status wins.
 */
export function addSharedLayerResponses(document: OpenApiDocument): void {
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!operation['x-atlas-function']) continue;
      const responses = (operation['responses'] ??= {}) as Record<string, unknown>;
      for (const shared of SHARED_RESPONSES) {
        if (responses[shared.status] || !shared.appliesTo(method, operation)) continue;
        responses[shared.status] = {
          description: shared.description,
          ...(shared.retryAfter ? { headers: RETRY_AFTER } : {}),
          content: PROBLEM,
        };
      }
      operation['responses'] = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
}
