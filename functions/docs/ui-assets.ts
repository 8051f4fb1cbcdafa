/**
 * Files of the interactive docs page, served from `/docs/<name>`: Swagger UI's self-contained
 * browser bundle and stylesheet from the `swagger-ui-dist` package (no CDN, works offline).
 * Loaded per runtime through the `#docs-ui-assets` import (package.json `imports`): Node reads
 * the package files (`ui-assets.node.ts`), workerd gets them bundled as text modules
 * (`ui-assets.workerd.ts`, wrangler `rules`).
 */
export const UI_ASSETS = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
} as const;

export type UiAssetName = keyof typeof UI_ASSETS;

/** Loads one asset's text (cached by the implementation). */
export type UiAssetLoader = (name: UiAssetName) => Promise<string>;
