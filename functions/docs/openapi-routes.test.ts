import { describe, expect, it } from 'vitest';
import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import { FUNCTIONS } from '../registry.ts';
import { appWithUntouchedDependencies as appOf } from './testing/untouched-dependencies-app.ts';
import { buildOpenApiDocument, HTTP_METHODS } from './openapi-document.ts';
import type { OpenApiDocument, OpenApiOperation } from './openapi-types.ts';

// Walks the platform document against the function apps: the routes each path really serves,
// the statuses the shared layer adds, and the constraints of every input string.

const document = buildOpenApiDocument(FUNCTIONS, { version: 'test' });

const concretePath = (path: string): string => path.replaceAll(/\{[^}]+\}/g, '0b9f4a52-64f1-4c43-9d5b-5b1f1c0e2a11');
const documentedMethods = (path: string): string[] =>
  Object.keys(document.paths[path] ?? {}).filter((m) => (HTTP_METHODS as readonly string[]).includes(m));

function pathsOf(definition: FunctionDefinition): string[] {
  return Object.entries(document.paths)
    .filter(([path, item]) => path.startsWith('/health') || Object.values(item).some((op) => op['x-atlas-function'] === definition.name))
    .map(([path]) => path);
}

function operations(doc: OpenApiDocument): { path: string; method: string; operation: OpenApiOperation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
  );
}

describe.each(FUNCTIONS.map((fn) => [fn.name, fn] as const))('the %s function against the document', (_name, definition) => {
  const app = appOf(definition);

  it('answers an undeclared method on every documented path with 405 and Allow = the documented methods', async () => {
    for (const path of pathsOf(definition)) {
      const documented = documentedMethods(path).map((m) => m.toUpperCase());
      const expected = [...documented, ...(documented.includes('GET') ? ['HEAD'] : [])];
      for (const method of ['PUT', 'PATCH', 'DELETE', 'POST', 'OPTIONS'].filter((m) => !expected.includes(m))) {
        const response = await app.request(concretePath(path), { method });
        expect(response.status, `${method} ${path}`).toBe(405);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
        expect(new Set(response.headers.get('allow')?.split(', ')), `${method} ${path}`).toEqual(new Set(expected));
      }
    }
  });

  it('still answers 404 on a path it does not serve', async () => {
    const response = await app.request(`${definition.routePrefixes[0] ?? ''}/no/such/route/here`, { method: 'DELETE' });
    expect(response.status).toBe(404);
  });
});

describe('statuses of the shared layer in the document', () => {
  const functionOperations = operations(document).filter(({ operation }) => operation['x-atlas-function']);

  it('every function operation documents 400, 503 and 504; writes 429; bodies 413', () => {
    expect(functionOperations.length).toBeGreaterThan(5);
    for (const { path, method, operation } of functionOperations) {
      const statuses = Object.keys(operation['responses'] as object);
      const label = `${method.toUpperCase()} ${path}`;
      expect(statuses, label).toEqual(expect.arrayContaining(['400', '503', '504']));
      if (['post', 'put', 'patch', 'delete'].includes(method)) expect(statuses, label).toEqual(expect.arrayContaining(['413', '429']));
    }
    expect(Object.keys(document.paths['/media']?.['post']?.['responses'] as object)).toContain('429');
  });
});

type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};

/** Every string schema reachable from `schema`, with where it is. */
function stringsIn(schema: Schema | undefined, where: string, seen = new Set<string>()): { where: string; schema: Schema }[] {
  if (!schema) return [];
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return [];
    seen.add(schema.$ref);
    return stringsIn(document.components['schemas']?.[schema.$ref.split('/').pop() ?? ''] as Schema, where, seen);
  }
  const nested = [
    ...Object.entries(schema.properties ?? {}).flatMap(([name, child]) => stringsIn(child, `${where}.${name}`, seen)),
    ...stringsIn(schema.items, `${where}[]`, seen),
    ...[...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])].flatMap((child) => stringsIn(child, where, seen)),
  ];
  const isString = schema.type === 'string' || (Array.isArray(schema.type) && schema.type.includes('string'));
  return isString ? [{ where, schema }, ...nested] : nested;
}

describe('input constraints in the document', () => {
  it('every input string a function stores or parses is constrained (format, pattern or enum): no NUL reaches Postgres', () => {
    const unconstrained: string[] = [];
    for (const { path, method, operation } of operations(document)) {
      const label = `${method.toUpperCase()} ${path}`;
      const params = (operation['parameters'] ?? []) as { name: string; in: string; schema: Schema }[];
      const body = (operation['requestBody'] as { content?: Record<string, { schema: Schema }> } | undefined)?.content ?? {};
      const inputs = [
        ...params.filter((p) => p.in !== 'header').flatMap((p) => stringsIn(p.schema, `${label} ${p.in}.${p.name}`)),
        ...Object.values(body).flatMap((content) => stringsIn(content.schema, `${label} body`)),
      ];
      for (const { where, schema } of inputs) {
        if (!(schema.format || schema.pattern || schema.enum)) unconstrained.push(where);
      }
    }
    expect(unconstrained).toEqual([]);
  });

  it('a NUL in a stored field is a 400 naming the field, before any dependency is used', async () => {
    const users = FUNCTIONS.find((fn) => fn.name === 'users');
    if (!users) throw new Error('users function missing');
    for (const [field, body] of [
      ['body.bio', { handle: 'nul_probe', displayName: 'Probe', bio: 'a\u0000b' }],
      ['body.displayName', { handle: 'nul_probe', displayName: 'Pro\u0000be' }],
    ] as const) {
      const response = await appOf(users).request('/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
      const problem = (await response.json()) as { errors: { field: string }[] };
      expect(problem.errors.map((e) => e.field)).toContain(field);
    }
  });
});
