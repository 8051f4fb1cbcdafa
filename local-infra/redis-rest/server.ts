import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenCheck, isAuthorized } from './auth.ts';
import { RedisPool } from './redis-pool.ts';
import { createRestRoutes, type RestRequest, type RestResponse } from './routes.ts';

/** Options of {@link createRedisRestServer}. */
export interface RedisRestServerOptions {
  /** The Redis behind the endpoint, `redis://host:port[/db]`. */
  readonly redisUrl: string;
  /** Bearer token clients must present. */
  readonly token: string;
  /** Port to listen on; 0 picks a free one (tests). Default 8079. */
  readonly port?: number;
  /** Interface to bind. Default 127.0.0.1 (loopback only). */
  readonly host?: string;
  /** Most Redis connections. Default 50. */
  readonly poolSize?: number;
  /** Largest accepted request body. Default 10 MiB. */
  readonly maxBodyBytes?: number;
}

/** A running endpoint. */
export interface RedisRestServer {
  /** Base URL for `@upstash/redis` (`UPSTASH_REDIS_REST_URL`). */
  readonly url: string;
  readonly port: number;
  readonly pool: RedisPool;
  /** Stops accepting, drops idle keep-alive sockets, closes the Redis connections. */
  close(): Promise<void>;
}

const SYNC_TOKEN = 'upstash-sync-token';

/** Reads the body; `undefined` when it exceeds `limit` (the rest is drained, not kept). */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.once('end', () => {
      if (size > limit) resolve(undefined);
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    });
    request.once('error', reject);
  });
}

function send(response: ServerResponse, result: RestResponse, syncToken: string | undefined, close = false): void {
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(result.body),
  };
  // Answered before the body was read: closing the connection is what keeps it unread.
  if (close) headers['connection'] = 'close';
  // The client stores whatever comes back and sends it with its next request (read-your-writes
  // across replicas on Upstash; one Redis here, so echoing keeps the client's token stable).
  if (syncToken) headers[SYNC_TOKEN] = syncToken;
  response.writeHead(result.status, headers).end(result.body);
}

/**
 * Starts the Upstash-compatible REST endpoint on plain `node:http` (measured faster than Hono
 * on `@hono/node-server` for this proxy, ADR 0004) in front of a pooled Redis.
 */
export async function createRedisRestServer(options: RedisRestServerOptions): Promise<RedisRestServer> {
  const { port = 8079, host = '127.0.0.1', maxBodyBytes = 10 * 1024 * 1024 } = options;
  const pool = new RedisPool({ url: options.redisUrl, size: options.poolSize });
  const checkToken = createTokenCheck(options.token);
  const handle = createRestRoutes(pool, checkToken);

  const server: Server = createServer({ noDelay: true, keepAliveTimeout: 10_000 }, (request, response) => {
    const syncToken = request.headers[SYNC_TOKEN];
    const echo = typeof syncToken === 'string' ? syncToken : undefined;
    // Auth and the declared size come from the headers: refused before a byte of body is read.
    if (!isAuthorized(checkToken, request.method ?? 'GET', request.url ?? '/', request.headers.authorization)) {
      send(response, { status: 401, body: JSON.stringify({ error: 'Unauthorized' }) }, undefined, true);
      return;
    }
    if (Number(request.headers['content-length'] ?? 0) > maxBodyBytes) {
      send(response, { status: 413, body: JSON.stringify({ error: `ERR request body exceeds ${maxBodyBytes} bytes` }) }, echo, true);
      return;
    }
    readBody(request, maxBodyBytes).then(
      async (body) => {
        if (body === undefined) {
          send(response, { status: 413, body: JSON.stringify({ error: `ERR request body exceeds ${maxBodyBytes} bytes` }) }, echo);
          return;
        }
        const encoding = request.headers['upstash-encoding'];
        const restRequest: RestRequest = {
          method: request.method ?? 'GET',
          url: request.url ?? '/',
          authorization: request.headers.authorization,
          encoding: typeof encoding === 'string' ? encoding : undefined,
          body,
        };
        send(response, await handle(restRequest), echo);
      },
      () => response.destroy(), // the client went away mid-body
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${bound}`,
    port: bound,
    pool,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      pool.close();
    },
  };
}
