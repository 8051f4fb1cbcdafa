import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '#shared/middleware/app-env.ts';
import { defineFunction } from '#shared/app/function-definition.ts';
import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import { API_FUNCTIONS } from '../api-functions.ts';
import { docsRoutes } from './docs.routes.ts';

/**
 * The docs function: the OpenAPI 3.1 document generated from every function's zod schemas
 * (`/openapi.json`) and an interactive page (`/docs`) that needs no internet.
 */
export const docsFunction: FunctionDefinition = defineFunction({
  name: 'docs',
  nodePort: 8085,
  routePrefixes: ['/docs', '/openapi.json'],
  requires: [],
  // A static document: one instance serves every reader.
  scaling: { maxInstances: 1 },
  // The document covers the API functions and this one (read when the routes are built).
  routes: (): OpenAPIHono<AppEnv> => docsRoutes(() => [...API_FUNCTIONS, docsFunction]),
});

export default docsFunction;
