import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../registry.ts';
import { appWithUntouchedDependencies as appOf } from './testing/untouched-dependencies-app.ts';
import { buildOpenApiDocument } from './openapi-document.ts';

// Every operation the document marks as needing a bearer token refuses a request without one
// before reading a byte of its body: an anonymous client cannot make a function parse (or
// buffer, for uploads) what it sends. Walked from the document, so a new route is covered.

const document = buildOpenApiDocument(FUNCTIONS, { version: 'test' });

/** A request body that records whether anyone read it. */
function probeBody(): { body: ReadableStream<Uint8Array>; pulled: () => boolean } {
  let pulled = false;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulled = true;
        controller.enqueue(new TextEncoder().encode('{"not": "valid for any route"'));
        controller.close();
      },
    },
    { highWaterMark: 0 }, // pulled only when someone reads, not eagerly on construction
  );
  return { body, pulled: () => pulled };
}

const secured = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([, operation]) => Array.isArray(operation.security) && operation.security.length > 0)
    .map(([method, operation]) => ({ path, method: method.toUpperCase(), fn: String(operation['x-atlas-function']) })),
);

describe('authentication before the body', () => {
  it('the document has secured operations with bodies (the walk below is not empty)', () => {
    expect(secured.map((op) => `${op.method} ${op.path}`)).toEqual(expect.arrayContaining(['POST /posts', 'POST /media']));
  });

  it.each(secured.map((op) => [`${op.method} ${op.path}`, op] as const))('%s without a token: 401, body never read', async (_name, op) => {
    const definition = FUNCTIONS.find((fn) => fn.name === op.fn);
    if (!definition) throw new Error(`no function ${op.fn}`);
    const probe = probeBody();
    const path = op.path.replaceAll(/\{[^}]+\}/g, '0b9f4a52-64f1-4c43-9d5b-5b1f1c0e2a11');
    const hasBody = !['GET', 'HEAD', 'DELETE'].includes(op.method);
    const request = new Request(`http://functions.test${path}`, {
      method: op.method,
      headers: { 'content-type': op.path === '/media' ? 'image/png' : 'application/json', 'content-length': '29' },
      ...(hasBody ? { body: probe.body, duplex: 'half' } : {}),
    } as RequestInit);
    const response = await appOf(definition).request(request);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(probe.pulled()).toBe(false);
  });

  it('control: a public operation with a body does read it, so the probe can tell', async () => {
    const users = FUNCTIONS.find((fn) => fn.name === 'users');
    if (!users) throw new Error('users function missing');
    const probe = probeBody();
    const request = new Request('http://functions.test/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '29' },
      body: probe.body,
      duplex: 'half',
    } as RequestInit);
    expect((await appOf(users).request(request)).status).toBe(400);
    expect(probe.pulled()).toBe(true);
  });
});
