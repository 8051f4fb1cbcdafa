import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineRepository } from '../store/timeline.repository.ts';

/** A timeline repository under test and the ways to seed its source of truth. */
export interface TimelineRepositoryUnderTest {
  readonly repository: TimelineRepository;
  /** Adds a user with this `follower_count`; resolves its id and handle. */
  addUser(followerCount: number): Promise<{ id: string; handle: string }>;
  follow(followerId: string, followeeId: string, at: Date): Promise<void>;
  /** Adds a post (text `post <n>`, no media) at `at`; resolves its id. */
  addPost(authorId: string, at: Date, n: number): Promise<string>;
  /** Removes what the suite seeded and releases connections. */
  close(): Promise<void>;
}

const signal = new AbortController().signal;
const at = (ms: number): Date => new Date(Date.parse('2026-01-01T00:00:00Z') + ms);

/**
 * What the timeline's reads of its source of truth return, as vitest tests: run against the
 * Postgres repository (`store/timeline-repository.int.test.ts`) and the in-memory one the
 * unit tests use. Times are whole, distinct milliseconds: finer orders are Postgres's own.
 */
export function defineTimelineRepositoryContract(name: string, connect: () => Promise<TimelineRepositoryUnderTest>): void {
  describe(`timeline repository contract: ${name}`, () => {
    let under: TimelineRepositoryUnderTest;
    const repository = (): TimelineRepository => under.repository;
    beforeAll(async () => {
      under = await connect();
    });
    afterAll(async () => {
      await under.close();
    });

    it('pages followers newest follow first, groups followers of several authors, reads authors and celebrities', async () => {
      const [star, small, lonely] = [await under.addUser(5), await under.addUser(1), await under.addUser(0)];
      const fans = [await under.addUser(0), await under.addUser(0), await under.addUser(0)];
      for (const [i, fan] of fans.entries()) await under.follow(fan.id, star.id, at(-i * 1000));
      await under.follow(fans[0]?.id ?? '', small.id, at(0));
      const first = await repository().followersPage(star.id, undefined, 2, signal);
      expect(first.followerIds).toEqual([fans[0]?.id, fans[1]?.id]);
      await expect(repository().followersPage(star.id, first.next, 2, signal)).resolves.toEqual({
        followerIds: [fans[2]?.id],
        next: undefined,
      });
      const grouped = await repository().followersOfAuthors([small.id, lonely.id, star.id], signal);
      const byFollower = new Map(grouped.map((row) => [row.followerId, [...row.authors].sort()]));
      expect(byFollower).toEqual(
        new Map([
          [fans[0]?.id, [0, 2]],
          [fans[1]?.id, [2]],
          [fans[2]?.id, [2]],
        ]),
      );
      await expect(repository().followersOfAuthors([], signal)).resolves.toEqual([]);
      const authors = await repository().authors([star.id, crypto.randomUUID(), small.id], signal);
      expect(authors.sort((a, b) => a.followerCount - b.followerCount)).toEqual([
        { id: small.id, handle: small.handle, followerCount: 1 },
        { id: star.id, handle: star.handle, followerCount: 5 },
      ]);
      await expect(repository().celebrityFollowees(fans[0]?.id ?? '', 0, signal)).resolves.toEqual([small.id, star.id].sort());
      await expect(repository().celebrityFollowees(fans[0]?.id ?? '', 3, signal)).resolves.toEqual([star.id]);
    });

    it('reads home timelines and author feeds newest first, skipping celebrities when asked, and hydrates posts', async () => {
      const [reader, author, star] = [await under.addUser(0), await under.addUser(1), await under.addUser(9)];
      await under.follow(reader.id, author.id, at(0));
      await under.follow(reader.id, star.id, at(1));
      const [a1, s1, a2, s2] = [
        await under.addPost(author.id, at(1_000), 1),
        await under.addPost(star.id, at(2_000), 2),
        await under.addPost(author.id, at(3_000), 3),
        await under.addPost(star.id, at(4_000), 4),
      ];
      const entry = (postId: string | undefined, ms: number) => ({ postId, score: at(ms).getTime() });
      await expect(repository().homeTimelineEntries(reader.id, 10, undefined, signal)).resolves.toEqual([
        entry(s2, 4_000),
        entry(a2, 3_000),
        entry(s1, 2_000),
        entry(a1, 1_000),
      ]);
      await expect(repository().homeTimelineEntries(reader.id, 1, 5, signal)).resolves.toEqual([entry(a2, 3_000)]);
      await expect(repository().authorEntries(star.id, 5, signal)).resolves.toEqual([entry(s2, 4_000), entry(s1, 2_000)]);
      const posts = await repository().postsByIds([a1 ?? '', crypto.randomUUID()], signal);
      expect(posts).toEqual([
        {
          postId: a1,
          authorId: author.id,
          authorHandle: author.handle,
          text: 'post 1',
          mediaKey: null,
          createdAt: at(1_000).toISOString(),
          score: at(1_000).getTime(),
        },
      ]);
      await expect(repository().postsByIds([], signal)).resolves.toEqual([]);
      const page = await repository().homeTimelinePosts(reader.id, { fetch: 2 }, signal);
      expect(page.map((post) => post.postId)).toEqual([s2, a2]);
      const after = page.at(-1);
      const next = await repository().homeTimelinePosts(reader.id, { after, fetch: 5 }, signal);
      expect(next.map((post) => [post.postId, post.authorHandle, post.text])).toEqual([
        [s1, star.handle, 'post 2'],
        [a1, author.handle, 'post 1'],
      ]);
    });
  });
}
