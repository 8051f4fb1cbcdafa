import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Body of an RFC 9457 problem response. */
export interface ProblemDetails {
  title: string;
  status: ContentfulStatusCode;
  detail?: string;
  [extension: string]: unknown;
}

/** Answers `application/problem+json`; `type` is a stable slug so clients can branch on it. */
export function problem(c: Context, slug: string, details: ProblemDetails, headers: Record<string, string> = {}): Response {
  const body = JSON.stringify({ type: `urn:atlas-edge:metrics-sidecar:${slug}`, ...details });
  return c.body(body, details.status, { ...headers, 'content-type': 'application/problem+json' });
}
