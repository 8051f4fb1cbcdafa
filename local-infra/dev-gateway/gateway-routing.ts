/** What the dev gateway needs to know about a function. */
export interface GatewayTarget {
  readonly name: string;
  readonly routePrefixes: readonly string[];
}

/** Where a request goes: a function with the (possibly rewritten) path, or nowhere. */
export type GatewayRoute<T extends GatewayTarget> =
  { readonly kind: 'function'; readonly target: T; readonly path: string } | { readonly kind: 'index' } | { readonly kind: 'none' };

/**
 * Routes a path of the single dev session (`npm run dev`) to a function:
 * - `/<fn>/health`, `/<fn>/health/...` -> that function's `/health...` (every function has
 *   health routes, so they need the function name in front; checked first);
 * - `/<fn>/__events/<topic>` -> that function's event push endpoint (the Node host pushes
 *   Kafka batches there, see shared/app/triggers.ts);
 * - a path under one of a function's route prefixes (`/users`, `/users/...`) -> unchanged;
 * - `/` -> the index listing functions.
 */
export function resolveGatewayRoute<T extends GatewayTarget>(targets: readonly T[], path: string): GatewayRoute<T> {
  if (path === '/' || path === '') return { kind: 'index' };
  for (const target of targets) {
    const healthBase = `/${target.name}/health`;
    if (path === healthBase || path.startsWith(`${healthBase}/`) || path.startsWith(`/${target.name}/__events/`)) {
      return { kind: 'function', target, path: path.slice(target.name.length + 1) };
    }
  }
  for (const target of targets) {
    if (target.routePrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) {
      return { kind: 'function', target, path };
    }
  }
  return { kind: 'none' };
}
