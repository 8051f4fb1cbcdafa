import { isAuthorized, type TokenCheck } from './auth.ts';
import { refusalOf } from './command-policy.ts';
import { RedisUnavailableError } from './redis-connection.ts';
import type { RedisPool } from './redis-pool.ts';
import { RespErrorReply } from './resp-codec.ts';
import { BadRestRequestError, encodeResult, parseJsonBody, toCommand, toCommandBatch, toEntry, type RestEntry } from './rest-protocol.ts';

/** What the HTTP layer hands over (transport-neutral, so node:http and Hono can share it). */
export interface RestRequest {
  readonly method: string;
  /** Path and query as received, e.g. `/pipeline` or `/set/k/v?EX=10`. */
  readonly url: string;
  readonly authorization: string | undefined;
  /** The `Upstash-Encoding` header. */
  readonly encoding: string | undefined;
  readonly body: Buffer;
}

/** Status and JSON text to send back. */
export interface RestResponse {
  readonly status: number;
  readonly body: string;
}

const json = (status: number, value: unknown): RestResponse => ({ status, body: JSON.stringify(value) });

/**
 * The Upstash REST routes: `POST /` (one command), `POST /pipeline` (each command answered on
 * its own: one failing does not fail the others), `POST /multi-exec` (MULTI ... EXEC, all or
 * nothing), path-style `GET|POST /<command>/<args...>`, and `GET /health` (no token, for the
 * launcher). Redis unreachable answers 503 with an `UNAVAILABLE` error (ADR 0004).
 */
export function createRestRoutes(pool: RedisPool, checkToken: TokenCheck): (request: RestRequest) => Promise<RestResponse> {
  async function single(argv: string[], base64: boolean): Promise<RestResponse> {
    const refusal = refusalOf(argv);
    if (refusal) return json(400, { error: refusal });
    const [reply] = await pool.run([argv]);
    if (reply instanceof RespErrorReply) return json(400, { error: reply.message });
    return json(200, { result: encodeResult(reply ?? null, base64) });
  }

  async function pipeline(commands: string[][], base64: boolean): Promise<RestResponse> {
    const entries: RestEntry[] = new Array<RestEntry>(commands.length);
    const runnable: string[][] = [];
    const positions: number[] = [];
    commands.forEach((argv, i) => {
      const refusal = refusalOf(argv);
      if (refusal) entries[i] = { error: refusal };
      else {
        runnable.push(argv);
        positions.push(i);
      }
    });
    const replies = runnable.length > 0 ? await pool.run(runnable) : [];
    replies.forEach((reply, j) => {
      entries[positions[j] as number] = toEntry(reply, base64);
    });
    return json(200, entries);
  }

  async function multiExec(commands: string[][], base64: boolean): Promise<RestResponse> {
    for (const argv of commands) {
      const refusal = refusalOf(argv);
      if (refusal) return json(400, { error: refusal });
    }
    // One write on one connection: nothing else can run between MULTI and EXEC.
    const replies = await pool.run([['MULTI'], ...commands, ['EXEC']]);
    const exec = replies[replies.length - 1];
    if (exec instanceof RespErrorReply) {
      const queued = replies.slice(1, -1).find((reply) => reply instanceof RespErrorReply);
      return json(400, { error: queued ? `${exec.message} (${queued.message})` : exec.message });
    }
    if (!Array.isArray(exec)) return json(400, { error: 'ERR transaction aborted' });
    return json(
      200,
      exec.map((reply) => toEntry(reply, base64)),
    );
  }

  async function health(): Promise<RestResponse> {
    const [reply] = await pool.run([['PING']]);
    return reply instanceof RespErrorReply ? json(503, { status: 'down', error: reply.message }) : json(200, { status: 'ok' });
  }

  async function route(request: RestRequest, path: string, query: URLSearchParams | undefined): Promise<RestResponse> {
    if (path === '/health' && request.method === 'GET') return health();
    // The server checked this before reading the body; checked again so the routes are safe alone.
    if (!isAuthorized(checkToken, request.method, request.url, request.authorization)) return json(401, { error: 'Unauthorized' });
    if (request.method !== 'POST' && request.method !== 'GET') return json(405, { error: 'Method Not Allowed' });
    const base64 = request.encoding?.toLowerCase() === 'base64';
    if (request.method === 'POST') {
      if (path === '/') return single(toCommand(parseJsonBody(request.body)), base64);
      if (path === '/pipeline') return pipeline(toCommandBatch(parseJsonBody(request.body)), base64);
      if (path === '/multi-exec') return multiExec(toCommandBatch(parseJsonBody(request.body)), base64);
    }
    return single(pathCommand(request, path, query), base64);
  }

  return async (request) => {
    const at = request.url.indexOf('?');
    const path = at === -1 ? request.url : request.url.slice(0, at);
    const query = at === -1 ? undefined : new URLSearchParams(request.url.slice(at + 1));
    try {
      return await route(request, path, query);
    } catch (error) {
      if (error instanceof BadRestRequestError) return json(error.status, { error: error.message });
      if (error instanceof RedisUnavailableError) return json(503, { error: `UNAVAILABLE ${error.message}` });
      console.error('redis-rest: unexpected failure', error);
      return json(500, { error: 'ERR internal error of the REST endpoint' });
    }
  };
}

/** `/set/key/value?EX=10` -> `["set", "key", "value", "EX", "10"]`; a POST body is the last argument. */
function pathCommand(request: RestRequest, path: string, query: URLSearchParams | undefined): string[] {
  let argv: string[];
  try {
    argv = path.slice(1).split('/').map(decodeURIComponent);
  } catch {
    throw new BadRestRequestError('ERR malformed percent-encoding in the path');
  }
  if (argv[0] === '') throw new BadRestRequestError('ERR no command: POST a JSON array to / or use /<command>/<args>');
  for (const [name, value] of query ?? []) {
    argv.push(name);
    if (value !== '') argv.push(value);
  }
  if (request.method === 'POST' && request.body.length > 0) argv.push(request.body.toString('utf8'));
  return argv;
}
