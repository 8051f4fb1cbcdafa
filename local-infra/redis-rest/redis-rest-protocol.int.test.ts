import { once } from 'node:events';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSetting } from '#shared/config/local-defaults.ts';
import { findClosedPort } from '#shared/redis/testing/silent-server.node.ts';
import { createRedisRestServer, type RedisRestServer } from './server.ts';

/* The wire protocol as seen by any HTTP client: shapes, status codes, auth, bad input. */
const redisUrl = process.env.REDIS_URL ?? `redis://127.0.0.1:${localSetting('REDIS_PORT', process.env)}`;
const token = localSetting('REDIS_REST_TOKEN', process.env);
const prefix = `rest-protocol:${crypto.randomUUID()}:`;
const k = (name: string): string => prefix + name;

let endpoint: RedisRestServer;
beforeAll(async () => {
  endpoint = await createRedisRestServer({ redisUrl, token, port: 0, maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await call('/', ['EVAL', "for _, key in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', key) end", '0', `${prefix}*`]);
  await endpoint.close();
});

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

async function call(path: string, body?: unknown, headers: Record<string, string> = {}, method = 'POST'): Promise<Answer> {
  const response = await fetch(endpoint.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

describe('auth', () => {
  it.each([
    ['no header', {}],
    ['wrong token', { authorization: 'Bearer nope' }],
    ['not a Bearer credential', { authorization: `Basic ${token}` }],
  ])('401 with a JSON error: %s', async (_case, headers) => {
    const response = await fetch(`${endpoint.url}/`, { method: 'POST', headers, body: '["PING"]' });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'Unauthorized' });
  });

  it('refuses the token as a query parameter, even with a valid header', async () => {
    const query = await fetch(`${endpoint.url}/ping?_token=${encodeURIComponent(token)}`);
    expect(query.status).toBe(401);
    const both = await fetch(`${endpoint.url}/ping?_token=${encodeURIComponent(token)}`, { headers: { authorization: `Bearer ${token}` } });
    expect(both.status).toBe(401);
  });

  it('answers 401 from the headers alone, before the client has sent its body', async () => {
    const socket = connect(endpoint.port, '127.0.0.1');
    await once(socket, 'connect');
    // Declares 5 MiB and sends none of it: only a check before the body can answer.
    socket.write('POST / HTTP/1.1\r\nhost: x\r\nauthorization: Bearer wrong\r\ncontent-length: 5242880\r\n\r\n');
    const [head] = (await once(socket, 'data')) as [Buffer];
    socket.destroy();
    expect(head.toString()).toMatch(/^HTTP\/1\.1 401 /);
    expect(head.toString().toLowerCase()).toContain('connection: close');
  });
});

describe('single commands and encodings', () => {
  it('answers {result} as plain JSON without Upstash-Encoding', async () => {
    expect(await call('/', ['SET', k('plain'), 'héllo'])).toMatchObject({ status: 200, body: { result: 'OK' } });
    expect((await call('/', ['GET', k('plain')])).body).toEqual({ result: 'héllo' });
    expect((await call('/', ['GET', k('missing')])).body).toEqual({ result: null });
  });

  it('base64-encodes every string at any depth, never integers, nil or errors', async () => {
    const b64 = { 'upstash-encoding': 'base64' };
    const b = (text: string): string => Buffer.from(text).toString('base64');
    expect((await call('/', ['SET', k('enc'), 'héllo'], b64)).body).toEqual({ result: b('OK') });
    expect((await call('/', ['GET', k('enc')], b64)).body).toEqual({ result: b('héllo') });
    const nested = await call('/', ['EVAL', "return {'a', 1, false, {'b'}}", '0'], b64);
    expect(nested.body).toEqual({ result: [b('a'), 1, null, [b('b')]] });
    expect((await call('/', ['INCR', k('enc')], b64)).body).toEqual({ error: 'ERR value is not an integer or out of range' });
  });

  it('keeps bytes exact in base64 (binary-safe), numbers become strings', async () => {
    await call('/', ['EVAL', "redis.call('SET', KEYS[1], string.char(255, 0, 1)) return 1", 1, k('bin')]);
    expect((await call('/', ['GET', k('bin')], { 'upstash-encoding': 'base64' })).body).toEqual({ result: '/wAB' });
    await call('/', ['SET', k('num'), 42.5]);
    expect((await call('/', ['GET', k('num')])).body).toEqual({ result: '42.5' });
  });

  it('answers a command error with 400 {error}', async () => {
    expect(await call('/', ['GET'])).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/^ERR wrong number of arguments/) },
    });
  });

  it('echoes upstash-sync-token', async () => {
    const answer = await call('/', ['PING'], { 'upstash-sync-token': 'sync-42' });
    expect(answer.headers.get('upstash-sync-token')).toBe('sync-42');
  });

  it('serves path-style commands with query options and a POST body as last argument', async () => {
    expect((await call(`/set/${encodeURIComponent(k('path'))}/v%2F1?EX=100`, undefined, {}, 'GET')).body).toEqual({ result: 'OK' });
    expect((await call(`/get/${encodeURIComponent(k('path'))}`, undefined, {}, 'GET')).body).toEqual({ result: 'v/1' });
    expect((await call(`/ttl/${encodeURIComponent(k('path'))}`, undefined, {}, 'GET')).body).toMatchObject({ result: expect.any(Number) });
    expect((await call(`/set/${encodeURIComponent(k('body'))}`, 'raw body text')).body).toEqual({ result: 'OK' });
    expect((await call('/', ['GET', k('body')])).body).toEqual({ result: 'raw body text' });
  });
});

describe('pipelines and transactions', () => {
  it('/pipeline answers each command; a failing or refused one does not fail the others', async () => {
    const answer = await call('/pipeline', [
      ['SET', k('p'), 'v'],
      ['LPUSH', k('p'), 'x'],
      ['BLPOP', k('p'), '0'],
      ['GET', k('p')],
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([
      { result: 'OK' },
      { error: expect.stringMatching(/^WRONGTYPE/) },
      { error: expect.stringMatching(/BLPOP is not supported/) },
      { result: 'v' },
    ]);
  });

  it('/multi-exec applies all commands or, on a queueing error, none', async () => {
    expect(
      (
        await call('/multi-exec', [
          ['INCR', k('tx')],
          ['INCR', k('tx')],
        ])
      ).body,
    ).toEqual([{ result: 1 }, { result: 2 }]);
    const aborted = await call('/multi-exec', [['INCR', k('tx')], ['GET']]);
    expect(aborted).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^EXECABORT/) } });
    expect((await call('/', ['GET', k('tx')])).body).toEqual({ result: '2' });
    expect(
      (
        await call('/multi-exec', [
          ['SET', k('txs'), 'a'],
          ['INCR', k('txs')],
        ])
      ).body,
    ).toEqual([{ result: 'OK' }, { error: 'ERR value is not an integer or out of range' }]);
  });
});

describe('malformed and refused input', () => {
  it.each([
    ['not JSON', '["GET"'],
    ['empty body', ''],
    ['not an array', '{"command":"GET"}'],
    ['empty command', '[]'],
    ['nested argument', '["SET", "k", {"a": 1}]'],
    ['null argument', '["GET", null]'],
  ])('400 {error} on POST /: %s', async (_case, body) => {
    const answer = await call('/', body);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: expect.stringMatching(/^ERR /) });
  });

  it.each([
    ['/pipeline', '[]'],
    ['/pipeline', '[["GET"], "GET"]'],
    ['/multi-exec', '{}'],
  ])('400 on %s %s', async (path, body) => {
    expect(await call(path, body)).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^ERR /) } });
  });

  it.each([
    ['BLPOP', 'x', '0'],
    ['SUBSCRIBE', 'ch'],
    ['MULTI'],
    ['SELECT', '1'],
    ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'],
    ['CLIENT', 'SETNAME', 'x'],
    ['CONFIG', 'SET', 'dir', '/tmp'],
    ['FLUSHALL'],
    ['FLUSHDB'],
    ['DEBUG', 'SLEEP', '0'],
    ['REPLICAOF', '127.0.0.1', '1'],
    ['SCRIPT', 'FLUSH'],
  ])('refuses %s clearly', async (...argv) => {
    expect(await call('/', argv)).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/is not supported by this REST endpoint/) },
    });
  });

  it('admin commands are refused in pipelines, transactions and path style too, and change nothing', async () => {
    const before = (await call('/', ['SCRIPT', 'EXISTS', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db'])).status;
    expect(before).toBe(200);
    expect((await call('/pipeline', [['CONFIG', 'GET', 'dir'], ['PING']])).body).toEqual([
      { error: expect.stringMatching(/CONFIG is not supported/) },
      { result: 'PONG' },
    ]);
    expect(await call('/multi-exec', [['SET', k('nx'), '1'], ['FLUSHALL']])).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/FLUSHALL is not supported/) },
    });
    expect((await call('/', ['GET', k('nx')])).body).toEqual({ result: null });
    expect((await call('/config/get/dir', undefined, {}, 'GET')).status).toBe(400);
  });

  it('413 for bodies over the limit, 405 for other methods, 400 for a bad path', async () => {
    expect((await call('/', ['SET', k('big'), 'x'.repeat(70 * 1024)])).status).toBe(413);
    expect((await call('/', '["PING"]', {}, 'PUT')).status).toBe(405);
    expect((await call('/get/%E0%A4%A', undefined, {}, 'GET')).status).toBe(400);
  });
});

describe('pool and Redis failures', () => {
  it('caps the connections to Redis at the pool size under concurrency', async () => {
    const small = await createRedisRestServer({ redisUrl, token, port: 0, poolSize: 2 });
    try {
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          fetch(`${small.url}/`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}` },
            body: JSON.stringify(['ECHO', `m${i}`]),
          }).then((r) => r.json()),
        ),
      );
      expect(answers).toEqual(Array.from({ length: 30 }, (_, i) => ({ result: `m${i}` })));
      expect(small.pool.openConnections).toBeLessThanOrEqual(2);
    } finally {
      await small.close();
    }
  });

  it('answers 503 UNAVAILABLE fast when Redis is unreachable; /health says so', async () => {
    const orphan = await createRedisRestServer({ redisUrl: `redis://127.0.0.1:${await findClosedPort()}`, token, port: 0 });
    try {
      const started = performance.now();
      const response = await fetch(`${orphan.url}/`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '["PING"]' });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: expect.stringMatching(/^UNAVAILABLE .*ECONNREFUSED/) });
      expect(performance.now() - started).toBeLessThan(1000);
      expect((await fetch(`${orphan.url}/health`)).status).toBe(503);
      expect((await fetch(`${endpoint.url}/health`)).status).toBe(200);
    } finally {
      await orphan.close();
    }
  });
});
