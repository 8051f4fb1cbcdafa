import type { Context } from 'hono';

/**
 * The client's address as the platform's own front saw it, for limits keyed per client:
 * - the LAST `X-Forwarded-For` hop: the Node gateway appends the socket address it accepted
 *   (local-infra/platform/gateway-proxy.ts), as Cloudflare's edge does. Earlier hops are
 *   whatever the client wrote, so they are never trusted;
 * - else `CF-Connecting-IP` (set by Cloudflare, and by Miniflare for local requests);
 * - else `undefined`: a function served without either front. Callers put every such request in
 *   one shared bucket rather than skip the limit.
 */
export function clientAddress(c: Context): string | undefined {
  const forwarded = c.req.header('x-forwarded-for');
  const last = forwarded?.split(',').at(-1)?.trim();
  if (last) return last.toLowerCase();
  const connecting = c.req.header('cf-connecting-ip')?.trim();
  return connecting ? connecting.toLowerCase() : undefined;
}
