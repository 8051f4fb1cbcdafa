import { z } from '@hono/zod-openapi';

/**
 * RFC 9457 problem details as every function documents them (component `Problem`): the shape
 * `reliabilityErrorHandler` (shared/middleware/error-handler.ts) renders. Import it (or
 * `problemContent`); never declare a copy: the docs function refuses to merge two different
 * schemas under one name.
 */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  })
  .openapi('Problem');

/** A documented error response: `responses: { 404: problemContent('No such thing') }`. */
export function problemContent(description: string) {
  return { description, content: { 'application/problem+json': { schema: ProblemSchema } } };
}
