import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '#shared/middleware/app-env.ts';
import { createRouter } from '#shared/app/create-router.ts';

// The health routes every function app gets (shared/health/health-routes.ts), documented once.
// They are plain Hono routes there; these definitions only describe them for the document.

const CheckSchema = z
  .object({
    required: z.boolean(),
    status: z.enum(['pass', 'fail']),
    latencyMs: z.number(),
    error: z.string().optional(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    checkedAt: z.iso.datetime(),
  })
  .openapi('HealthCheckResult');

const HealthSchema = z
  .object({
    status: z.enum(['pass', 'warn', 'fail']),
    function: z.string(),
    runtime: z.enum(['node', 'workerd']),
    startedAt: z.string().optional(),
    draining: z.boolean().optional(),
    checks: z.record(z.string(), CheckSchema).optional(),
  })
  .openapi('Health');

const health = (description: string) => ({ description, content: { 'application/health+json': { schema: HealthSchema } } });
const note = 'Served by every function on its own origin; through the dev gateway as `/<function>/health...`.';

const routes = [
  createRoute({
    method: 'get',
    path: '/health',
    tags: ['health'],
    summary: 'Identity (touches no dependency)',
    description: note,
    responses: { 200: health('Up') },
  }),
  createRoute({
    method: 'get',
    path: '/health/live',
    tags: ['health'],
    summary: 'Liveness',
    description: note,
    responses: { 200: health('The instance can serve') },
  }),
  createRoute({
    method: 'get',
    path: '/health/ready',
    tags: ['health'],
    summary: 'Readiness: required dependencies reachable, not draining',
    description: `${note} Cached for about a second.`,
    responses: { 200: health('Ready'), 503: health('Not ready: a required dependency fails, or draining') },
  }),
  createRoute({
    method: 'get',
    path: '/health/deep',
    tags: ['health'],
    summary: 'Every dependency checked now',
    description: note,
    responses: {
      200: health('Required dependencies pass (status `warn` when an optional one fails)'),
      503: health('A required dependency fails'),
    },
  }),
];

/** A router holding only the health routes' documentation. */
export function healthOpenApiRouter(): OpenAPIHono<AppEnv> {
  const router = createRouter();
  for (const route of routes) router.openAPIRegistry.registerPath(route);
  return router;
}
