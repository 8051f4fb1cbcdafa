import { request } from 'node:http';
import { describe, expect, inject, it } from 'vitest';

// One suite, two runtimes (http-node / http-workerd): a known path with an undeclared method
// is a 405 with `Allow` on every function, not a 404.
const urls = inject('functionUrls');
const runtime = inject('functionRuntime');
const id = '0b9f4a52-64f1-4c43-9d5b-5b1f1c0e2a11';

/** A raw HTTP/1.1 request: fetch cannot send TRACE (a forbidden method in the Fetch standard). */
function rawRequest(base: string, method: string, path: string): Promise<{ status: number; allow: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe(`405 Method Not Allowed on ${runtime}`, () => {
  it.each([
    ['users', 'DELETE', '/users', 'POST'],
    ['users', 'POST', `/users/${id}`, 'GET, HEAD'],
    ['users', 'POST', `/users/${id}/following/${id}`, 'PUT, DELETE'],
    ['posts', 'DELETE', '/posts', 'POST'],
    ['media', 'PUT', '/media', 'POST'],
    ['timeline', 'POST', `/timelines/${id}`, 'GET, HEAD'],
    ['docs', 'DELETE', '/openapi.json', 'GET, HEAD'],
    ['users', 'POST', '/health/live', 'GET, HEAD'],
  ])('%s: %s %s -> 405, Allow: %s (problem+json)', async (fn, method, path, allow) => {
    const response = await fetch(`${urls[fn] ?? ''}${path}`, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' });
  });

  it('TRACE on a known path is refused, never echoed', async () => {
    const answer = await rawRequest(urls['users'] ?? '', 'TRACE', '/users');
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).not.toBe(404);
  });

  it('an unknown path is still a 404', async () => {
    expect((await fetch(`${urls['posts'] ?? ''}/posts/${id}/nope`, { method: 'DELETE' })).status).toBe(404);
  });
});
