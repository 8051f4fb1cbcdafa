import { request as httpRequest } from 'node:http';
import type { Agent, IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Lease } from './instance-pool.ts';
import { sendProblem } from './gateway-problem.ts';

/** Hop-by-hop headers (RFC 9110 section 7.6.1): they describe one connection, not the message. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
  return out;
}

/**
 * Streams one request to the instance behind `lease` and its answer back: no body is buffered
 * in either direction, request id and traceparent pass through as the client sent them. The
 * lease is released exactly once, when the exchange ends for any reason (answered, client gone,
 * instance gone); a client that goes away aborts the upstream request, so the instance's
 * deadline signal fires as it would in production.
 */
export function proxyToInstance(
  req: IncomingMessage,
  res: ServerResponse,
  target: { readonly lease: Lease; readonly path: string; readonly agent: Agent; readonly extraHeaders: Readonly<Record<string, string>> },
): void {
  const { lease } = target;
  const headers = { ...endToEnd(req.headers), ...target.extraHeaders };
  const forwardedFor = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = [forwardedFor, req.socket.remoteAddress].filter(Boolean).join(', ');
  const upstream = httpRequest({
    host: '127.0.0.1',
    port: lease.port,
    method: req.method,
    path: target.path,
    headers,
    agent: target.agent,
  });
  res.once('close', () => {
    lease.release();
    if (!res.writableFinished) upstream.destroy();
  });
  upstream.once('response', (answer: IncomingMessage) => {
    res.writeHead(answer.statusCode ?? 502, { ...endToEnd(answer.headers), ...target.extraHeaders });
    answer.pipe(res);
  });
  // `on`, not `once`: a dying instance can fail the same exchange twice (write, then read), and
  // an unhandled 'error' would take the whole gateway down.
  upstream.on('error', (error) => {
    if (res.headersSent) {
      res.destroy(error);
      return;
    }
    sendProblem(res, 502, {
      code: 'INSTANCE_UNREACHABLE',
      title: 'Bad Gateway',
      detail: `the function instance did not answer: ${error.message}`,
      instance: req.url ?? '/',
    });
  });
  // A client that goes away mid-body: the upstream request is torn down by the 'close' above.
  req.on('error', () => upstream.destroy());
  req.pipe(upstream);
}
