import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { UiAssetLoader, UiAssetName } from './ui-assets.ts';

// Node: the files straight from node_modules/swagger-ui-dist, read once per process.
const resolvePackageFile = createRequire(import.meta.url).resolve;
const cache = new Map<UiAssetName, Promise<string>>();

/** See `ui-assets.ts`. */
export const loadUiAsset: UiAssetLoader = (name) => {
  let text = cache.get(name);
  if (!text) {
    text = readFile(resolvePackageFile(`swagger-ui-dist/${name}`), 'utf8');
    cache.set(name, text);
  }
  return text;
};
