import { describe, expect, inject, it } from 'vitest';
import { FUNCTIONS } from '../registry.ts';

// One suite, two runtimes (http-node / http-workerd): the workerd run proves the Swagger UI
// files made it into the worker bundle.
const base = inject('functionUrls')['docs'] ?? '';
const runtime = inject('functionRuntime');

describe(`docs function on ${runtime}`, () => {
  it('serves the OpenAPI 3.1 document with the operations of every registered function', async () => {
    const response = await fetch(`${base}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, { 'x-atlas-function'?: string }>> };
    expect(document.openapi).toBe('3.1.0');
    const served = new Set(Object.values(document.paths).flatMap((item) => Object.values(item).map((op) => op['x-atlas-function'])));
    expect([...served].filter(Boolean).sort()).toEqual(FUNCTIONS.map((fn) => fn.name).sort());
  });

  it('serves the page with a same-origin-only policy, and its scripts and styles', async () => {
    const page = await fetch(`${base}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '').filter((url) => !url.startsWith('data:'));
    expect(assets.sort()).toEqual(['/docs/init.js', '/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css']);

    const bundle = await fetch(`${base}/docs/swagger-ui-bundle.js`);
    expect(bundle.headers.get('content-type')).toMatch(/^text\/javascript/);
    const script = await bundle.text();
    expect(script.length).toBeGreaterThan(1_000_000);
    expect(script).toContain('SwaggerUIBundle');
    const css = await fetch(`${base}/docs/swagger-ui.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain('.swagger-ui');
    expect(await (await fetch(`${base}/docs/init.js`)).text()).toContain('validatorUrl: null');
  });

  it('answers unknown files with a problem, not a stack trace', async () => {
    const response = await fetch(`${base}/docs/../../etc/passwd`);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const unknown = await fetch(`${base}/docs/swagger-ui.js.map`);
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
  });
});
