import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import packageJson from '../../package.json' with { type: 'json' };
import { FUNCTIONS } from '../registry.ts';
import { renderApiReference } from './api-reference.ts';
import { buildOpenApiDocument } from './openapi-document.ts';

/** Where the generated API reference lives. */
export const API_REFERENCE_PATH = fileURLToPath(new URL('../../docs/api.md', import.meta.url));

/** The reference as it should be for the current code. */
export function currentApiReference(): string {
  return renderApiReference(buildOpenApiDocument(FUNCTIONS, { version: packageJson.version }));
}

// `npm run docs:api` writes docs/api.md; `npm run docs:api -- --check` only says whether it is stale.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = currentApiReference();
  const existing = await readFile(API_REFERENCE_PATH, 'utf8').catch(() => '');
  if (process.argv.includes('--check')) {
    if (existing !== wanted) {
      console.error('docs/api.md is stale: run `npm run docs:api`');
      process.exit(1);
    }
    console.log('docs/api.md is up to date');
  } else if (existing === wanted) {
    console.log('docs/api.md already up to date');
  } else {
    await writeFile(API_REFERENCE_PATH, wanted);
    console.log(`wrote docs/api.md (${wanted.split('\n').length} lines)`);
  }
}
