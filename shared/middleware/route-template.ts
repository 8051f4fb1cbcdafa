import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';

/** Route label for requests no route handled: raw paths would explode metric cardinality. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The route template that handled the request (`/users/:id`), for logs and the `route` label.
 * Middleware registered with `app.use` has method `ALL`; the last route with a real method is
 * the handler. Requests no route handled get {@link UNMATCHED_ROUTE}, never their raw path.
 */
export function routeTemplate(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    const route = routes[i];
    if (route && route.method !== 'ALL') return route.path;
  }
  return UNMATCHED_ROUTE;
}
