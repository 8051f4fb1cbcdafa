import { describe, expect, it } from 'vitest';
import { cachedPostItem, parsePostItem, postItemJson, timelinePageJson } from './timeline-post.ts';
import type { TimelinePost } from './timeline-post.ts';
import { TimelinePageSchema } from '../timeline.schemas.ts';

const post: TimelinePost = {
  postId: '00000000-0000-4000-8000-000000000001',
  authorId: '00000000-0000-4000-8000-000000000002',
  authorHandle: 'ada',
  text: 'quotes " and \\ and\nnewlines, ünïcode',
  mediaKey: null,
  score: 1_000,
  createdAt: new Date(1_000).toISOString(),
};

describe('post items (the post:v2:<id> cache value)', () => {
  it('serialises a post as its API item, id first', () => {
    const json = postItemJson(post);
    expect(json.startsWith(`{"id":"${post.postId}",`)).toBe(true);
    expect(parsePostItem(json)).toEqual({
      id: post.postId,
      text: post.text,
      mediaKey: null,
      createdAt: post.createdAt,
      author: { id: post.authorId, handle: 'ada' },
    });
  });

  it('accepts a cached value only when it is the item of the asked post in this layout', () => {
    const json = postItemJson(post);
    expect(cachedPostItem(json, post.postId)).toBe(json);
    expect(cachedPostItem(json, post.authorId)).toBeUndefined();
    expect(cachedPostItem(null, post.postId)).toBeUndefined();
    expect(cachedPostItem(JSON.stringify({ v: 1, postId: post.postId, text: 't' }), post.postId)).toBeUndefined();
    expect(cachedPostItem(`{"id":"${post.postId}","text":"cut off`, post.postId)).toBeUndefined();
  });

  it('splices items into a page body that is a valid TimelinePage', () => {
    const second = { ...post, postId: '00000000-0000-4000-8000-000000000003', mediaKey: 'media/a.png' };
    const body = JSON.parse(timelinePageJson([postItemJson(post), postItemJson(second)], 'next')) as unknown;
    expect(TimelinePageSchema.parse(body)).toMatchObject({
      items: [{ id: post.postId }, { id: second.postId, mediaKey: 'media/a.png' }],
      nextCursor: 'next',
    });
    expect(JSON.parse(timelinePageJson([], null))).toEqual({ items: [], nextCursor: null });
  });
});
