import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createNodeSqlPool } from '#shared/postgres/adapters/node-pool.ts';
import type { SqlDatabase } from '#shared/postgres/sql.port.ts';

// One suite, two runtimes: the http-node and http-workerd projects serve every function
// (Node / Miniflare over the wrangler bundle). Users sign up through the users function.
const urls = inject('functionUrls');
const base = urls['posts'] ?? '';
const runtime = inject('functionRuntime');

interface Author {
  readonly id: string;
  readonly token: string;
}

const uniqueHandle = (): string => `p_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

async function signUp(): Promise<Author> {
  const handle = uniqueHandle();
  const response = await fetch(`${urls['users']}/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ handle, password: 'posts-test-password', displayName: handle }),
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { user: { id: string }; token: string };
  return { id: body.user.id, token: body.token };
}

function createPost(author: Author | undefined, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/posts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(author ? { authorization: `Bearer ${author.token}` } : {}), ...headers },
    body,
  });
}

async function problemOf(response: Response): Promise<Record<string, unknown>> {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await response.json()) as Record<string, unknown>;
  expect(problem['status']).toBe(response.status);
  return problem;
}

const fieldsOf = async (response: Response): Promise<string[]> =>
  ((await problemOf(response))['errors'] as { field: string }[]).map((error) => error.field).sort();

let author: Author;
let sql: SqlDatabase;

beforeAll(async () => {
  author = await signUp();
  // The http global setups export the local services' settings into process.env.
  sql = createNodeSqlPool({ url: process.env['DATABASE_URL'] ?? '', poolSize: 2 });
});

afterAll(async () => {
  await sql?.close();
});

describe(`posts function on ${runtime}`, () => {
  it('creates a post (201 + Location) and fetches it back', async () => {
    const created = await createPost(author, JSON.stringify({ text: '  Reading DDIA chapter 1  ' }));
    expect(created.status).toBe(201);
    const post = (await created.json()) as Record<string, unknown>;
    expect(post).toMatchObject({ authorId: author.id, text: 'Reading DDIA chapter 1', mediaKey: null });
    expect(post['id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(String(post['createdAt'])).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(created.headers.get('location')).toBe(`/posts/${String(post['id'])}`);

    const fetched = await fetch(`${base}${created.headers.get('location')}`);
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toEqual(post);
  });

  it('commits the post.created outbox row with the post, carrying request id and trace', async () => {
    const traceId = crypto.randomUUID().replaceAll('-', '');
    const requestId = `posts-http-${Date.now()}`;
    const created = await createPost(author, JSON.stringify({ text: 'outbox please' }), {
      'x-request-id': requestId,
      traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
    });
    expect(created.status).toBe(201);
    const post = (await created.json()) as { id: string; createdAt: string };
    const rows = await sql.query<{
      id: string;
      topic: string;
      key: string;
      payload: Record<string, unknown>;
      headers: Record<string, string>;
    }>(`SELECT id, topic, key, payload, headers FROM outbox WHERE payload->'post'->>'id' = $1`, [post.id]);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ topic: 'post.created', key: author.id });
    expect(row?.payload).toEqual({
      eventId: row?.id,
      type: 'post.created',
      occurredAt: post.createdAt,
      post: { id: post.id, authorId: author.id, text: 'outbox please', mediaKey: null, createdAt: post.createdAt },
    });
    expect(row?.headers).toMatchObject({ 'event-type': 'post.created', 'x-request-id': requestId });
    expect(row?.headers['traceparent']).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });

  it('counts text in code points: 280 emoji pass, 281 do not, blank text never', async () => {
    expect((await createPost(author, JSON.stringify({ text: '😀'.repeat(280) }))).status).toBe(201);
    const tooLong = await createPost(author, JSON.stringify({ text: '😀'.repeat(281) }));
    expect(tooLong.status).toBe(400);
    expect(await fieldsOf(tooLong)).toEqual(['body.text']);
    const blank = await createPost(author, JSON.stringify({ text: ' \n\t ' }));
    expect(blank.status).toBe(400);
    expect(await fieldsOf(blank)).toEqual(['body.text']);
  });

  it("accepts the author own media key, refuses someone else's (403) and malformed ones (400)", async () => {
    const own = `media/${author.id}/${crypto.randomUUID()}.png`;
    const withMedia = await createPost(author, JSON.stringify({ text: 'look', mediaKey: own }));
    expect(withMedia.status).toBe(201);
    expect(((await withMedia.json()) as { mediaKey: string }).mediaKey).toBe(own);

    const foreign = await createPost(
      author,
      JSON.stringify({ text: 'look', mediaKey: `media/${crypto.randomUUID()}/${crypto.randomUUID()}.png` }),
    );
    expect(foreign.status).toBe(403);
    expect((await problemOf(foreign))['type']).toBe('https://atlas-edge.dev/problems/media-not-owned');

    const malformed = await createPost(author, JSON.stringify({ text: 'look', mediaKey: '../../etc/passwd' }));
    expect(malformed.status).toBe(400);
    expect(await fieldsOf(malformed)).toEqual(['body.mediaKey']);
  });

  it('rejects unknown fields (no choosing the author) and wrong types, listing each', async () => {
    const unknown = await createPost(author, JSON.stringify({ text: 'hi', authorId: crypto.randomUUID() }));
    expect(unknown.status).toBe(400);
    expect((await problemOf(unknown))['errors']).toEqual([{ field: 'body.authorId', message: 'Unknown field' }]);
    const types = await createPost(author, JSON.stringify({ text: 42, mediaKey: false }));
    expect(types.status).toBe(400);
    expect(await fieldsOf(types)).toEqual(['body.mediaKey', 'body.text']);
  });

  it('answers malformed JSON 400, a non-JSON body 415 and an oversize body 413', async () => {
    expect((await problemOf(await createPost(author, '{"text": '))).status).toBe(400);
    expect((await createPost(author, 'hello', { 'content-type': 'text/plain' })).status).toBe(415);
    const huge = await createPost(author, JSON.stringify({ text: 'x'.repeat(10_000) }));
    expect(huge.status).toBe(413);
    await problemOf(huge);
  });

  it('demands a valid token (401 + WWW-Authenticate) and writes nothing without one', async () => {
    const before = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE author_id = $1`, [author.id]);
    const missing = await createPost(undefined, JSON.stringify({ text: 'anonymous' }));
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await problemOf(missing);
    const forged = await createPost({ id: author.id, token: `${author.token.slice(0, -4)}AAAA` }, JSON.stringify({ text: 'forged' }));
    expect(forged.status).toBe(401);
    const after = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE author_id = $1`, [author.id]);
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it('answers a token of a user that no longer exists with 401, not a 5xx', async () => {
    const ghost = await signUp();
    await sql.query('DELETE FROM users WHERE id = $1', [ghost.id]);
    const response = await createPost(ghost, JSON.stringify({ text: 'boo' }));
    expect(response.status).toBe(401);
    expect((await problemOf(response))['type']).toBe('https://atlas-edge.dev/problems/token-invalid');
  });

  it('answers a bad id with 400 and a missing post with 404', async () => {
    const bad = await fetch(`${base}/posts/not-a-uuid`);
    expect(bad.status).toBe(400);
    expect((await problemOf(bad))['errors']).toEqual([{ field: 'param.id', message: 'Invalid UUID' }]);
    const missing = await fetch(`${base}/posts/${crypto.randomUUID()}`);
    expect(missing.status).toBe(404);
    expect((await problemOf(missing))['type']).toBe('https://atlas-edge.dev/problems/post-not-found');
  });

  it('serves health routes with postgres as the one required dependency', async () => {
    const live = await fetch(`${base}/health`);
    expect(await live.json()).toMatchObject({ status: 'pass', function: 'posts', runtime });
    const ready = (await (await fetch(`${base}/health/ready`)).json()) as { checks: Record<string, unknown> };
    expect(Object.keys(ready.checks)).toEqual(['postgres']);
  });
});
