import packageJson from '../../package.json' with { type: 'json' };
import { buildOpenApiDocument } from './openapi-document.ts';
import type { OpenApiDocument } from './openapi-document.ts';

let document: Promise<OpenApiDocument> | undefined;

/**
 * The document of every function in `functions/registry.ts`, built on first use and kept.
 * The registry is imported lazily: it lists the docs function itself, so a static import
 * would be a cycle evaluated before the registry exists.
 */
export function loadPlatformDocument(): Promise<OpenApiDocument> {
  document ??= import('../registry.ts').then(({ FUNCTIONS }) => buildOpenApiDocument(FUNCTIONS, { version: packageJson.version }));
  // A failed build is not cached: the next request tries again (and shows the error again).
  document.catch(() => (document = undefined));
  return document;
}
