import type { NotFoundHandler } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import { respondWithProblem } from './problem.ts';

/** Methods an `Allow` header may list, in the order it lists them. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * The methods an app serves on a path, from its own route table (`app.routes`), so the answer
 * can never drift from the routes. Middleware (`app.use`, method `ALL`) is not a route. A GET
 * route serves HEAD too (Hono answers HEAD with the GET handler).
 */
export function allowedMethodsOf(app: {
  readonly routes: readonly { readonly method: string; readonly path: string }[];
}): (path: string) => readonly string[] {
  let router: TrieRouter<string> | undefined;
  const cache = new Map<string, readonly string[]>();
  return (path) => {
    if (!router) {
      router = new TrieRouter<string>();
      for (const route of app.routes) {
        if (route.method !== 'ALL') router.add(route.method.toUpperCase(), route.path, route.method.toUpperCase());
      }
    }
    const cached = cache.get(path);
    if (cached) return cached;
    const trie = router;
    const allowed = METHODS.filter((method) => trie.match(method === 'HEAD' ? 'GET' : method, path)[0].length > 0);
    // Bounded: paths come from clients, and only the first few thousand distinct ones are kept.
    if (cache.size < 4096) cache.set(path, allowed);
    return allowed;
  };
}

/**
 * The not-found handler of a function app: a known path with an undeclared method answers
 * 405 with `Allow` (RFC 9110 §15.5.6), an unknown path 404; both as problem+json.
 */
export function methodAwareNotFound(allowedMethods: (path: string) => readonly string[], notFound: NotFoundHandler): NotFoundHandler {
  return (c) => {
    const allowed = allowedMethods(c.req.path);
    if (allowed.length === 0) return notFound(c);
    return respondWithProblem(
      c,
      {
        status: 405,
        code: 'METHOD_NOT_ALLOWED',
        detail: `${c.req.method} is not served on ${c.req.path}; allowed: ${allowed.join(', ')}.`,
      },
      { Allow: allowed.join(', ') },
    );
  };
}
