import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../registry.ts';
import { API_REFERENCE_PATH, currentApiReference } from './write-api-reference.node.ts';

describe('docs/api.md', () => {
  it('is up to date with the OpenAPI document (run `npm run docs:api` after changing routes or schemas)', () => {
    expect(readFileSync(API_REFERENCE_PATH, 'utf8')).toBe(currentApiReference());
  });

  it('has a section per function and an entry per route', () => {
    const reference = currentApiReference();
    for (const fn of FUNCTIONS) {
      expect(reference).toContain(`## ${fn.name}\n`);
      for (const route of fn.routes().routes.filter((r) => r.method !== 'ALL' && !r.path.startsWith('/__'))) {
        expect(reference).toContain(`### \`${route.method} ${route.path.replaceAll(/:([^/]+)/g, '{$1}')}\``);
      }
    }
    expect(reference).toContain('### `POST /media` 🔒');
    expect(reference).toContain('<a id="schema-problem"></a>');
  });
});
