import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createPost, follow, signUp, timelinePage } from './testing/timeline-api.ts';
import type { ApiTimelineItem, ApiUrls, ApiUser } from './testing/timeline-api.ts';

// One suite, two runtimes: the http-node and http-workerd projects serve every function.
const functionUrls = inject('functionUrls');
const runtime = inject('functionRuntime');
const urls: ApiUrls = { users: functionUrls['users'] ?? '', posts: functionUrls['posts'] ?? '', timeline: functionUrls['timeline'] ?? '' };

type Page = { items: ApiTimelineItem[]; nextCursor: string | null };

async function problemOf(response: Response): Promise<Record<string, unknown>> {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await response.json()) as Record<string, unknown>;
  expect(problem['status']).toBe(response.status);
  return problem;
}

const fields = async (response: Response): Promise<string[]> =>
  ((await problemOf(response))['errors'] as { field: string }[]).map((error) => error.field).sort();

let reader: ApiUser;
let author: ApiUser;
let posted: { id: string; text: string }[];

beforeAll(async () => {
  [reader, author] = await Promise.all([signUp(urls), signUp(urls)]);
  await follow(urls, reader, author.id);
  posted = [];
  // Sequential: distinct creation times, newest last.
  for (let i = 0; i < 5; i += 1) {
    const text = `post ${i} by ${author.handle}`;
    posted.push({ id: (await createPost(urls, author, text)).id, text });
  }
});

describe(`timeline function on ${runtime}: access`, () => {
  it('demands a bearer token (401 + WWW-Authenticate)', async () => {
    const missing = await timelinePage(urls, reader, { token: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await problemOf(missing);
    const forged = await timelinePage(urls, reader, { token: `${reader.token.slice(0, -4)}AAAA` });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('serves a home timeline only to its owner (403 for anyone else)', async () => {
    const response = await timelinePage(urls, { id: reader.id, token: author.token });
    expect(response.status).toBe(403);
    expect((await problemOf(response))['type']).toBe('https://atlas-edge.dev/problems/forbidden');
  });
});

describe(`timeline function on ${runtime}: validation`, () => {
  it('rejects a user id that is not a UUID', async () => {
    const response = await fetch(`${urls.timeline}/timelines/not-a-uuid`, { headers: { authorization: `Bearer ${reader.token}` } });
    expect(response.status).toBe(400);
    expect(await fields(response)).toEqual(['param.userId']);
  });

  it.each(['0', '101', 'ten', '2.5'])('rejects limit=%s', async (limit) => {
    const response = await fetch(`${urls.timeline}/timelines/${reader.id}?limit=${limit}`, {
      headers: { authorization: `Bearer ${reader.token}` },
    });
    expect(response.status).toBe(400);
    expect(await fields(response)).toEqual(['query.limit']);
  });

  it.each([
    ['garbage', 'garbage'],
    ['well-formed base64url with a bad post id', 'dDEuMS4xLjE'],
    ['500 characters long', 'x'.repeat(500)],
  ])('rejects a cursor that is %s with 400, not 500', async (_, cursor) => {
    const response = await timelinePage(urls, reader, { cursor });
    expect(response.status).toBe(400);
    expect(await fields(response)).toEqual(['query.cursor']);
  });

  it('rejects unknown query parameters', async () => {
    const response = await fetch(`${urls.timeline}/timelines/${reader.id}?limit=5&sort=oldest`, {
      headers: { authorization: `Bearer ${reader.token}` },
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response))['errors']).toEqual([{ field: 'query.sort', message: 'Unknown field' }]);
  });
});

describe(`timeline function on ${runtime}: pages`, () => {
  it('answers an empty timeline for a user who follows nobody', async () => {
    const loner = await signUp(urls);
    const response = await timelinePage(urls, loner);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('x-timeline-degraded')).toBeNull();
    expect(await response.json()).toEqual({ items: [], nextCursor: null });
  });

  it('pages newest first with opaque cursors, hydrated with the author handle, no gaps or repeats', async () => {
    const seen: ApiTimelineItem[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const response = await timelinePage(urls, reader, { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(response.status).toBe(200);
      const page = (await response.json()) as Page;
      sizes.push(page.items.length);
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen.map((item) => item.id)).toEqual(posted.map((post) => post.id).reverse());
    expect(seen[0]).toMatchObject({ text: posted[4]?.text, mediaKey: null, author: { id: author.id, handle: author.handle } });
    const times = seen.map((item) => Date.parse(item.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('continues from a cursor with a different page size', async () => {
    const first = (await (await timelinePage(urls, reader, { limit: 1 })).json()) as Page;
    const rest = (await (await timelinePage(urls, reader, { limit: 100, cursor: first.nextCursor ?? '' })).json()) as Page;
    expect([...first.items, ...rest.items].map((item) => item.id)).toEqual(posted.map((post) => post.id).reverse());
    expect(rest.nextCursor).toBeNull();
  });
});

describe(`timeline health routes on ${runtime}`, () => {
  it('/health/ready requires Postgres only (Redis has a fallback)', async () => {
    const response = await fetch(`${urls.timeline}/health/ready`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { function: string; checks: Record<string, unknown> };
    expect(body.function).toBe('timeline');
    expect(Object.keys(body.checks)).toEqual(['postgres']);
  });
});
