/**
 * A small HTTP client for the users, posts and timeline functions, shared by the timeline's
 * HTTP suite, its end-to-end test and the fan-out bench. Plain `fetch`: any runtime.
 */

/** Base URLs of the functions the client talks to. */
export interface ApiUrls {
  readonly users: string;
  readonly posts: string;
  readonly timeline: string;
}

/** A signed-up user and their access token. */
export interface ApiUser {
  readonly id: string;
  readonly handle: string;
  readonly token: string;
}

/** A timeline item as the API returns it. */
export interface ApiTimelineItem {
  readonly id: string;
  readonly text: string;
  readonly mediaKey: string | null;
  readonly createdAt: string;
  readonly author: { readonly id: string; readonly handle: string };
}

/** Raised when the API answers an unexpected status. */
export class ApiError extends Error {
  readonly code = 'unexpected_status';
  readonly status: number;
  constructor(what: string, status: number, body: string) {
    super(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
    this.name = 'ApiError';
    this.status = status;
  }
}

const json = (token?: string): Record<string, string> => ({
  'content-type': 'application/json',
  ...(token ? { authorization: `Bearer ${token}` } : {}),
});

async function expectStatus(what: string, response: Response, ...statuses: number[]): Promise<Response> {
  if (!statuses.includes(response.status)) throw new ApiError(what, response.status, await response.text());
  return response;
}

/** A handle unique enough for tests sharing one database. */
export function uniqueHandle(prefix = 't'): string {
  return `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.slice(0, 30);
}

/** `POST /users`: signs up a user and returns its id and token. */
export async function signUp(urls: ApiUrls, handle = uniqueHandle()): Promise<ApiUser> {
  const response = await expectStatus(
    'sign up',
    await fetch(`${urls.users}/users`, {
      method: 'POST',
      headers: json(),
      body: JSON.stringify({ handle, password: 'timeline-test-password', displayName: handle }),
    }),
    201,
  );
  const body = (await response.json()) as { user: { id: string; handle: string }; token: string };
  return { id: body.user.id, handle: body.user.handle, token: body.token };
}

/** `PUT /users/{id}/following/{target}` as `follower`. */
export async function follow(urls: ApiUrls, follower: ApiUser, followeeId: string): Promise<void> {
  const url = `${urls.users}/users/${follower.id}/following/${followeeId}`;
  await expectStatus('follow', await fetch(url, { method: 'PUT', headers: json(follower.token) }), 200, 201);
}

/** `DELETE /users/{id}/following/{target}` as `follower`. */
export async function unfollow(urls: ApiUrls, follower: ApiUser, followeeId: string): Promise<void> {
  const url = `${urls.users}/users/${follower.id}/following/${followeeId}`;
  await expectStatus('unfollow', await fetch(url, { method: 'DELETE', headers: json(follower.token) }), 204);
}

/** `POST /posts` as `author`; resolves the created post's id and creation time. */
export async function createPost(urls: ApiUrls, author: ApiUser, text: string): Promise<{ id: string; createdAt: string }> {
  const response = await expectStatus(
    'create post',
    await fetch(`${urls.posts}/posts`, { method: 'POST', headers: json(author.token), body: JSON.stringify({ text }) }),
    201,
  );
  return (await response.json()) as { id: string; createdAt: string };
}

/** Options of {@link timelinePage}. */
export interface TimelinePageOptions {
  readonly limit?: number;
  readonly cursor?: string;
  /** Token to send (default the reader's own); `null` sends none. */
  readonly token?: string | null;
  readonly signal?: AbortSignal;
}

/** `GET /timelines/{id}`: the raw response (status checks are the caller's). */
export function timelinePage(urls: ApiUrls, reader: Pick<ApiUser, 'id' | 'token'>, options: TimelinePageOptions = {}): Promise<Response> {
  const query = new URLSearchParams();
  if (options.limit !== undefined) query.set('limit', String(options.limit));
  if (options.cursor !== undefined) query.set('cursor', options.cursor);
  const token = options.token === undefined ? reader.token : options.token;
  const qs = query.size > 0 ? `?${query.toString()}` : '';
  return fetch(`${urls.timeline}/timelines/${reader.id}${qs}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** A whole timeline, page after page; also reports whether any page was degraded. */
export async function readWholeTimeline(
  urls: ApiUrls,
  reader: ApiUser,
  pageLimit = 100,
): Promise<{ items: ApiTimelineItem[]; degraded: boolean; pages: number }> {
  const items: ApiTimelineItem[] = [];
  let cursor: string | undefined;
  let degraded = false;
  let pages = 0;
  do {
    const response = await expectStatus(
      'read timeline',
      await timelinePage(urls, reader, { limit: pageLimit, ...(cursor ? { cursor } : {}) }),
      200,
    );
    degraded ||= response.headers.get('x-timeline-degraded') === 'true';
    const page = (await response.json()) as { items: ApiTimelineItem[]; nextCursor: string | null };
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    pages += 1;
  } while (cursor);
  return { items, degraded, pages };
}
