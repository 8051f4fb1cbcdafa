import { createRoute, z } from '@hono/zod-openapi';
import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { createRouter } from '#shared/app/create-router.ts';
import { defineFunction } from '#shared/app/function-definition.ts';
import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import { FUNCTIONS } from '../registry.ts';
import { buildOpenApiDocument, HTTP_METHODS, OpenApiMergeError } from './openapi-document.ts';
import type { OpenApiDocument } from './openapi-types.ts';

const build = (functions: readonly FunctionDefinition[] = FUNCTIONS): OpenApiDocument =>
  buildOpenApiDocument(functions, { version: '1.2.3' });

/** The routes a function's router really serves (Hono's table), as `METHOD /openapi/{path}`. */
function servedRoutes(definition: FunctionDefinition): string[] {
  const routes = definition.routes().routes.filter((route) => route.method !== 'ALL');
  return [...new Set(routes.map((route) => `${route.method} ${route.path.replaceAll(/:([^/]+)/g, '{$1}')}`))];
}

function operations(document: OpenApiDocument) {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => (HTTP_METHODS as readonly string[]).includes(method))
      .map(([method, operation]) => ({ path, method, operation })),
  );
}

describe('the platform OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const document = build();
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('the validator does reject a broken document (control)', async () => {
    const broken = structuredClone(build()) as unknown as { paths: Record<string, Record<string, { responses: unknown }>> };
    const first = Object.values(broken.paths)[0] ?? {};
    const operation = Object.values(first)[0];
    if (operation) operation.responses = { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Nope' } } } } };
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it.each(FUNCTIONS.map((fn) => [fn.name, fn] as const))(
    'lists every route the %s function serves, tagged with the function',
    (name, definition) => {
      const document = build();
      const served = servedRoutes(definition).filter((route) => !route.split(' ')[1]?.startsWith('/__'));
      expect(served.length).toBeGreaterThan(0);
      for (const route of served) {
        const [method = '', path = ''] = route.split(' ');
        const operation = document.paths[path]?.[method.toLowerCase()];
        expect(operation, `${route} missing from the document`).toBeDefined();
        expect(operation?.['x-atlas-function']).toBe(name);
        expect(operation?.summary, `${route} has no summary`).toBeTruthy();
      }
    },
  );

  it('documents the shared parts: health routes, the Problem schema, the bearer scheme', () => {
    const document = build();
    for (const path of ['/health', '/health/live', '/health/ready', '/health/deep']) expect(document.paths[path]?.['get']).toBeDefined();
    expect(document.components['schemas']?.['Problem']).toMatchObject({ type: 'object', required: ['type', 'title', 'status'] });
    expect(document.components['securitySchemes']?.['bearerAuth']).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(document.paths['/media']?.['post']?.security).toEqual([{ bearerAuth: [] }]);
  });

  it('documents every error response of every function as application/problem+json', () => {
    for (const { path, method, operation } of operations(build())) {
      if (path.startsWith('/health')) continue; // health reports are application/health+json by design
      const responses = (operation['responses'] ?? {}) as Record<string, { content?: Record<string, unknown> }>;
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400) continue;
        expect(Object.keys(response.content ?? {}), `${method.toUpperCase()} ${path} ${status}`).toEqual(['application/problem+json']);
      }
    }
  });

  it('is deterministic: paths and schemas sorted, same input same output', () => {
    const document = build();
    const paths = Object.keys(document.paths);
    expect(paths).toEqual([...paths].sort((a, b) => a.localeCompare(b)));
    expect(JSON.stringify(build())).toBe(JSON.stringify(document));
  });

  it('refuses two functions serving one operation, or one schema name with two shapes', () => {
    const fn = (name: string, schema: z.ZodType) =>
      defineFunction({
        name,
        nodePort: 0,
        routePrefixes: ['/things'],
        requires: [],
        routes: () => {
          const router = createRouter();
          const route = createRoute({
            method: 'get',
            path: `/things/${name}`,
            summary: 'x',
            responses: { 200: { description: 'ok', content: { 'application/json': { schema } } } },
          });
          router.openapi(route, (c) => c.json({}, 200) as never);
          return router;
        },
      });
    const same = fn('a', z.object({ id: z.string() }).openapi('Thing'));
    expect(() => build([same, { ...same, name: 'b' }])).toThrow(OpenApiMergeError);
    expect(() =>
      build([fn('a', z.object({ id: z.string() }).openapi('Thing')), fn('b', z.object({ id: z.number() }).openapi('Thing'))]),
    ).toThrow(/components\.schemas\.Thing/);
    expect(() =>
      build([fn('a', z.object({ id: z.string() }).openapi('Thing')), fn('b', z.object({ id: z.string() }).openapi('Thing'))]),
    ).not.toThrow();
  });
});
