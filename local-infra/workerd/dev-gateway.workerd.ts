import { FUNCTIONS } from '#functions/registry.ts';
import { resolveGatewayRoute } from '#local-infra/dev-gateway/gateway-routing.ts';
import { createWorkerdFetch } from '#shared/runtime/workerd/workerd-fetch.ts';

// The `npm run dev` session: ONE wrangler dev worker serving every function, so a developer
// runs one command and one port. Each function keeps its own app, health and per-request
// clients; only routing is added. Deployed workers are per function (wrangler envs).
const targets = FUNCTIONS.map((definition) => ({
  name: definition.name,
  routePrefixes: definition.routePrefixes,
  fetch: createWorkerdFetch(definition),
}));

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const route = resolveGatewayRoute(targets, url.pathname);
    if (route.kind === 'function') {
      if (route.path === url.pathname) return route.target.fetch(request, env, ctx);
      const rewritten = new URL(route.path + url.search, url);
      return route.target.fetch(new Request(rewritten, request), env, ctx);
    }
    if (route.kind === 'index') {
      const functions = targets.map((t) => ({
        name: t.name,
        routes: t.routePrefixes.map((prefix) => new URL(prefix, url).href),
        health: new URL(`/${t.name}/health/deep`, url).href,
      }));
      return Response.json({ service: 'atlas-edge dev gateway', runtime: 'workerd', functions });
    }
    return new Response(
      JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail: `No function serves ${url.pathname}` }),
      { status: 404, headers: { 'content-type': 'application/problem+json' } },
    );
  },
} satisfies ExportedHandler<Env>;
