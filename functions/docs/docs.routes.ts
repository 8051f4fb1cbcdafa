import { loadUiAsset } from '#docs-ui-assets';
import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '#shared/middleware/app-env.ts';
import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import { createRouter } from '#shared/app/create-router.ts';
import { problemContent } from '#shared/app/problem-schema.ts';
import { DOCS_CSP, DOCS_PATHS, docsInitScript, docsPageHtml } from './docs-page.ts';
import { platformDocumentLoader } from './platform-document.ts';
import { UI_ASSETS } from './ui-assets.ts';
import type { UiAssetName } from './ui-assets.ts';

const documentRoute = createRoute({
  method: 'get',
  path: DOCS_PATHS.document,
  tags: ['docs'],
  summary: 'The OpenAPI 3.1 document of every function',
  responses: {
    200: { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: z.looseObject({ openapi: z.string() }) } } },
  },
});

const pageRoute = createRoute({
  method: 'get',
  path: DOCS_PATHS.page,
  tags: ['docs'],
  summary: 'Interactive API documentation (Swagger UI, served offline)',
  responses: { 200: { description: 'HTML page', content: { 'text/html': { schema: z.string() } } } },
});

const assetRoute = createRoute({
  method: 'get',
  path: '/docs/{asset}',
  tags: ['docs'],
  summary: 'Scripts and styles of the documentation page',
  request: {
    params: z.object({
      asset: z.enum(['init.js', ...(Object.keys(UI_ASSETS) as UiAssetName[])]).openapi({ param: { name: 'asset', in: 'path' } }),
    }),
  },
  responses: {
    200: { description: 'The file', content: { 'text/javascript': { schema: z.string() }, 'text/css': { schema: z.string() } } },
    400: problemContent('No such file'),
  },
});

/** Routes of the docs function, documenting `documented()` (every function of the platform). */
export function docsRoutes(documented: () => readonly FunctionDefinition[]): OpenAPIHono<AppEnv> {
  const router = createRouter();
  const loadPlatformDocument = platformDocumentLoader(documented);

  router.openapi(documentRoute, async (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.json(await loadPlatformDocument(), 200);
  });

  router.openapi(pageRoute, (c) => {
    c.header('Content-Security-Policy', DOCS_CSP);
    c.header('Cache-Control', 'no-cache');
    return c.html(docsPageHtml('Atlas Edge API'), 200);
  });

  router.openapi(assetRoute, async (c) => {
    const { asset } = c.req.valid('param');
    // The files change only with the swagger-ui-dist version, i.e. with a deploy.
    c.header('Cache-Control', 'public, max-age=3600');
    if (asset === 'init.js') return c.body(docsInitScript(), 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
    const name = asset as UiAssetName;
    return c.body(await loadUiAsset(name), 200, { 'Content-Type': UI_ASSETS[name] });
  });

  return router;
}
