// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the text imports' ambient types; a .d.ts cannot be imported
/// <reference path="./swagger-ui-text.d.ts" />
import bundle from 'swagger-ui-dist/swagger-ui-bundle.js' with { type: 'text' };
import css from 'swagger-ui-dist/swagger-ui.css' with { type: 'text' };
import type { UiAssetLoader } from './ui-assets.ts';

// workerd: no file system. esbuild (wrangler's bundler) inlines both files as strings: the
// `type: 'text'` import attribute selects its text loader, so the worker stays one module.
const ASSETS = { 'swagger-ui-bundle.js': bundle, 'swagger-ui.css': css };

/** See `ui-assets.ts`. */
export const loadUiAsset: UiAssetLoader = async (name) => ASSETS[name];
