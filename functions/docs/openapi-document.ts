import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import { createRouter } from '#shared/app/create-router.ts';
import { ProblemSchema } from '#shared/app/problem-schema.ts';
import { registerBearerAuth } from '#shared/auth/index.ts';
import { healthOpenApiRouter } from './health-openapi.ts';
import { addSharedLayerResponses } from './shared-layer-responses.ts';
import type { OpenApiDocument, OpenApiOperation } from './openapi-types.ts';

/** Options of {@link buildOpenApiDocument}. */
export interface OpenApiDocumentOptions {
  readonly version: string;
  readonly title?: string;
}

/** Two functions claim the same operation or define one component name differently. */
export class OpenApiMergeError extends Error {
  readonly code = 'openapi_conflict';
  constructor(message: string) {
    super(message);
    this.name = 'OpenApiMergeError';
  }
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * ONE OpenAPI 3.1 document for the platform, generated from the zod schemas of every function:
 * each function's `routes()` (an OpenAPIHono) yields its own document, and these are merged —
 * paths (each operation tagged with the function serving it), component schemas, security
 * schemes — plus what every function shares: the health routes, the `Problem` schema of
 * problem+json errors, the bearer JWT scheme and the statuses the shared layer answers
 * (shared-layer-responses.ts). A clash (one path and method in two functions,
 * or one schema name with two shapes) throws rather than silently keeping one.
 */
export function buildOpenApiDocument(functions: readonly FunctionDefinition[], options: OpenApiDocumentOptions): OpenApiDocument {
  const document: OpenApiDocument = {
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'Atlas Edge API',
      version: options.version,
      description:
        'Every function of the platform in one document. Locally each function listens on its own port ' +
        '(`npm start`: ' +
        functions.map((fn) => `${fn.name} ${fn.nodePort}`).join(', ') +
        '); ' +
        '`npm run dev` serves them all on one origin. Errors are RFC 9457 `application/problem+json`.',
    },
    servers: [{ url: '/', description: 'This origin (the dev gateway serves every function on one origin)' }],
    tags: [],
    paths: {},
    components: {},
    // Which function serves what, for readers of the document (the API reference groups by it).
    'x-atlas-functions': functions.map((fn) => ({ name: fn.name, nodePort: fn.nodePort, routePrefixes: fn.routePrefixes })),
  };
  const shared = createRouter();
  shared.openAPIRegistry.register('Problem', ProblemSchema);
  registerBearerAuth(shared);
  merge(document, shared.getOpenAPI31Document({ openapi: '3.1.0', info: document.info }), undefined);
  merge(document, healthOpenApiRouter().getOpenAPI31Document({ openapi: '3.1.0', info: document.info }), undefined);

  for (const definition of functions) {
    const part = definition.routes().getOpenAPI31Document({ openapi: '3.1.0', info: document.info });
    merge(document, part, definition.name);
  }
  addSharedLayerResponses(document);
  document.tags = [...new Set(Object.values(document.paths).flatMap((item) => Object.values(item).flatMap((op) => op.tags ?? [])))]
    .sort()
    .map((name) => ({ name }));
  document.paths = Object.fromEntries(Object.entries(document.paths).sort(([a], [b]) => a.localeCompare(b)));
  for (const [kind, entries] of Object.entries(document.components)) {
    document.components[kind] = Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)));
  }
  return document;
}

function merge(into: OpenApiDocument, part: { paths?: object; components?: object }, functionName: string | undefined): void {
  for (const [path, item] of Object.entries((part.paths ?? {}) as Record<string, Record<string, OpenApiOperation>>)) {
    const target = (into.paths[path] ??= {});
    for (const [method, operation] of Object.entries(item)) {
      if (!(HTTP_METHODS as readonly string[]).includes(method)) continue;
      const existing = target[method];
      if (existing) {
        throw new OpenApiMergeError(
          `${method.toUpperCase()} ${path} is served by both ${existing['x-atlas-function'] ?? 'the platform'} and ${functionName ?? 'the platform'}`,
        );
      }
      target[method] = functionName ? { ...operation, 'x-atlas-function': functionName } : operation;
    }
  }
  for (const [kind, entries] of Object.entries((part.components ?? {}) as Record<string, Record<string, unknown>>)) {
    const target = (into.components[kind] ??= {});
    for (const [name, value] of Object.entries(entries)) {
      if (name in target && JSON.stringify(target[name]) !== JSON.stringify(value)) {
        throw new OpenApiMergeError(
          `components.${kind}.${name} differs between functions (${functionName ?? 'platform'}): keep one definition`,
        );
      }
      target[name] = value;
    }
  }
}
