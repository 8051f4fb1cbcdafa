import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import packageJson from '../../package.json' with { type: 'json' };
import { buildOpenApiDocument } from './openapi-document.ts';
import type { OpenApiDocument } from './openapi-types.ts';

/**
 * A loader of the document of `functions()`, built on first use and kept: the build walks
 * every function's routes, which no request should pay for twice.
 */
export function platformDocumentLoader(functions: () => readonly FunctionDefinition[]): () => Promise<OpenApiDocument> {
  let document: Promise<OpenApiDocument> | undefined;
  return () => {
    document ??= Promise.resolve().then(() => buildOpenApiDocument(functions(), { version: packageJson.version }));
    // A failed build is not cached: the next request tries again (and shows the error again).
    document.catch(() => (document = undefined));
    return document;
  };
}
