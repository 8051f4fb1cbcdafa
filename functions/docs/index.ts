import { defineFunction } from '#shared/app/function-definition.ts';
import { docsRoutes } from './docs.routes.ts';

/**
 * The docs function: the OpenAPI 3.1 document generated from every function's zod schemas
 * (`/openapi.json`) and an interactive page (`/docs`) that needs no internet.
 */
export const docsFunction = defineFunction({
  name: 'docs',
  nodePort: 8085,
  routePrefixes: ['/docs', '/openapi.json'],
  requires: [],
  // A static document: one instance serves every reader.
  scaling: { maxInstances: 1 },
  routes: docsRoutes,
});

export default docsFunction;
