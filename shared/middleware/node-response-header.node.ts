import type { ServerResponse } from 'node:http';
import type { Context } from 'hono';

/**
 * Response-header setter for apps served by @hono/node-server (see `RequestIdOptions.setHeader`).
 *
 * Writes the header on Node's `ServerResponse` (`c.env.outgoing`), which Node merges into the
 * head that @hono/node-server writes later; the Hono response keeps its plain-object headers
 * and so stays on the adapter's fast path. Falls back to `c.header` elsewhere (app.request() in
 * tests, workerd). Measured in docs/performance.md.
 */
export function nodeResponseHeader(c: Context, name: string, value: string): void {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (outgoing && typeof outgoing.setHeader === 'function' && !outgoing.headersSent) {
    outgoing.setHeader(name, value);
    return;
  }
  c.header(name, value);
}
