import { describe, expect, inject, it } from 'vitest';
import { FUNCTIONS } from './registry.ts';

const gateway = inject('gatewayUrl');
const runtime = inject('functionRuntime');
const ANY_ID = '00000000-0000-4000-8000-000000000000';

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

/** The function whose route prefixes cover `path` (what both gateways must route to). */
function owner(path: string): string | undefined {
  return FUNCTIONS.find((fn) => fn.routePrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)))?.name;
}

describe(`the ${runtime} gateway: one origin for every function`, () => {
  it('routes every documented operation to the function that declares it', async () => {
    const document = (await (await fetch(`${gateway}/openapi.json`)).json()) as OpenApiDocument;
    const operations = Object.entries(document.paths)
      .flatMap(([template, item]) =>
        Object.keys(item)
          .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
          .map((method) => ({ method: method.toUpperCase(), path: template.replaceAll(/\{[^}]+\}/g, ANY_ID) })),
      )
      // Every function has the health routes: through a gateway they sit under its name.
      .flatMap((op) =>
        op.path.startsWith('/health')
          ? FUNCTIONS.map((fn) => ({ ...op, path: `/${fn.name}${op.path}`, fn: fn.name }))
          : [{ ...op, fn: owner(op.path) }],
      );
    expect(operations.length).toBeGreaterThan(10);
    for (const { method, path, fn } of operations) {
      const hasBody = method !== 'GET' && method !== 'DELETE';
      const res = await fetch(`${gateway}${path}`, {
        method,
        ...(hasBody ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}),
      });
      const text = await res.text();
      // Answered by a function, never the gateway's "no route": health answers name their
      // function; every other route passes the function's layer, which sets the request id.
      expect(text, `${method} ${path}`).not.toContain('No function serves');
      if (path.includes('/health')) expect((JSON.parse(text) as { function?: string }).function, `${method} ${path}`).toBe(fn);
      else expect(res.headers.get('x-request-id'), `${method} ${path} answered ${res.status}`).toBeTruthy();
      if (runtime === 'node') expect(res.headers.get('atlas-instance'), `${method} ${path}`).toMatch(new RegExp(`^${fn}-\\d+$`));
    }
  });

  it('serves each function health under its name and a real flow across functions', async () => {
    for (const fn of FUNCTIONS) expect((await fetch(`${gateway}/${fn.name}/health/live`)).status, fn.name).toBe(200);
    const handle = `gw_${crypto.randomUUID().slice(0, 8)}`;
    const signUp = await fetch(`${gateway}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': `gateway-flow-${handle}` },
      body: JSON.stringify({ handle, password: 'gateway-flow-password', displayName: 'Gateway flow' }),
    });
    expect(signUp.status).toBe(201);
    expect(signUp.headers.get('x-request-id')).toBe(`gateway-flow-${handle}`);
    const { user, token } = (await signUp.json()) as { user: { id: string }; token: string };
    const post = await fetch(`${gateway}/posts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ text: 'through one origin' }),
    });
    expect(post.status).toBe(201);
    const profile = await fetch(`${gateway}/users/${user.id}`);
    expect(((await profile.json()) as { id: string }).id).toBe(user.id);
  });

  it('answers an unknown path itself with a problem+json 404', async () => {
    const res = await fetch(`${gateway}/no-such-function/anything`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
