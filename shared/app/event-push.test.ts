import { describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../observability/logger.ts';
import type { Dependencies } from './dependencies.ts';
import { handleEventPush as handle } from './event-push.ts';
import type { FunctionDefinition } from './function-definition.ts';
import type { EventRecord } from './triggers.ts';

let opened = 0;
let released = 0;
const options = {
  pushToken: 'push-token-for-tests',
  openScope: () => {
    opened += 1;
    return { deps: {} as Dependencies, log: silentLogger, release: () => void (released += 1) };
  },
};
const handleEventPush = (definition: FunctionDefinition, request: Request): Promise<Response> => handle(definition, request, options);

function definition(handler: (batch: readonly EventRecord[]) => Promise<void>): FunctionDefinition {
  return {
    name: 'fan',
    nodePort: 0,
    routePrefixes: ['/fan'],
    requires: [],
    routes: () => {
      throw new Error('unused');
    },
    events: [{ topic: 'post.created', handler }],
  } as FunctionDefinition;
}

const record = (offset: string, topic = 'post.created'): EventRecord => ({
  topic,
  partition: 1,
  offset,
  key: 'a',
  value: { n: Number(offset) },
  headers: { 'event-id': `e${offset}` },
});

function push(body: unknown, options: { token?: string; topic?: string; method?: string; type?: string } = {}): Request {
  return new Request(`http://worker/__events/${options.topic ?? 'post.created'}`, {
    method: options.method ?? 'POST',
    headers: { 'content-type': options.type ?? 'application/json', authorization: `Bearer ${options.token ?? 'push-token-for-tests'}` },
    ...(options.method === 'GET' ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

describe('handleEventPush', () => {
  it('runs the subscription handler once with the pushed records and answers 200', async () => {
    const seen: (readonly EventRecord[])[] = [];
    const response = await handleEventPush(
      definition(async (batch) => void seen.push(batch)),
      push({ records: [record('7'), record('8')] }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ processed: 2 });
    expect(seen).toEqual([[record('7'), record('8')]]);
    expect(released).toBe(opened);
  });

  it('logs each processed record with the event id, request id and trace id of its producer', async () => {
    const lines: string[] = [];
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const traced: EventRecord = {
      ...record('9'),
      headers: { 'event-id': 'e9', 'x-request-id': 'req-9', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    };
    const response = await handle(
      definition(async () => undefined),
      push({ records: [traced] }),
      {
        ...options,
        openScope: () => ({ deps: {} as Dependencies, log: createLogger({ sink: (line) => lines.push(line) }), release: () => undefined }),
      },
    );
    expect(response.status).toBe(200);
    const processed = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['msg'] === 'event processed');
    expect(processed).toEqual([
      expect.objectContaining({ eventId: 'e9', requestId: 'req-9', traceId, topic: 'post.created', partition: 1, offset: '9' }),
    ]);
  });

  it('hands the raw environment to the handler as ctx.env', async () => {
    let seen: unknown;
    const fn = {
      ...definition(async () => undefined),
      events: [{ topic: 'post.created', handler: async (_b: readonly EventRecord[], ctx: { env?: unknown }) => void (seen = ctx.env) }],
    } as FunctionDefinition;
    const response = await handle(fn, push({ records: [record('1')] }), { ...options, env: { FANOUT_STRATEGY: 'write' } });
    expect(response.status).toBe(200);
    expect(seen).toEqual({ FANOUT_STRATEGY: 'write' });
  });

  it('answers 500 when the handler fails, so the pusher retries the batch', async () => {
    const response = await handleEventPush(
      definition(async () => Promise.reject(new Error('redis down'))),
      push({ records: [record('1')] }),
    );
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.text()).not.toContain('redis down');
  });

  it('refuses a wrong or missing token without running anything', async () => {
    let ran = false;
    const fn = definition(async () => void (ran = true));
    expect((await handleEventPush(fn, push({ records: [record('1')] }, { token: 'push-token-for-testz' }))).status).toBe(401);
    const bare = new Request('http://worker/__events/post.created', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect((await handleEventPush(fn, bare)).status).toBe(401);
    expect(ran).toBe(false);
    expect(opened).toBe(released);
  });

  it('answers 404 for a topic the function does not consume and 405 for other methods', async () => {
    const fn = definition(async () => undefined);
    expect((await handleEventPush(fn, push({ records: [record('1', 'other')] }, { topic: 'other' }))).status).toBe(404);
    expect((await handleEventPush(fn, push(undefined, { method: 'GET' }))).status).toBe(405);
  });

  it('rejects malformed pushes: bad JSON, wrong shape, foreign topic, not JSON', async () => {
    const fn = definition(async () => undefined);
    expect((await handleEventPush(fn, push('{"records": ['))).status).toBe(400);
    const shape = await handleEventPush(fn, push({ records: [{ ...record('1'), offset: -1 }] }));
    expect(shape.status).toBe(400);
    expect(((await shape.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['body.records.0.offset']);
    expect((await handleEventPush(fn, push({ records: [] }))).status).toBe(400);
    expect((await handleEventPush(fn, push({ records: [record('1', 'elsewhere')] }))).status).toBe(400);
    expect((await handleEventPush(fn, push({ records: [record('1')] }, { type: 'text/plain' }))).status).toBe(415);
  });
});
