import { SqlError } from '#shared/postgres/sql-error.ts';
import { compareEntries, isAfter } from '../model/timeline-entry.ts';
import type { TimelineEntry } from '../model/timeline-entry.ts';
import type { TimelinePost } from '../model/timeline-post.ts';
import type { AuthorInfo, TimelineRepository } from '../store/timeline.repository.ts';

/** The social graph and posts an in-memory repository serves. */
export interface InMemoryGraph {
  readonly users: Map<string, { handle: string }>;
  /** follower id -> followee ids, in follow order. */
  readonly follows: Map<string, string[]>;
  /** When each follow was made (epoch ms), by `follower>followee`: the followers index order. */
  readonly followedAt: Map<string, number>;
  /** `users.follower_count` where set; otherwise the follows are counted. */
  readonly followerCounts: Map<string, number>;
  readonly posts: TimelinePost[];
}

/**
 * A {@link TimelineRepository} over plain maps, with a switch to simulate Postgres down. Held to
 * the same contract as the Postgres repository (`timeline-repository.contract.ts`).
 */
export interface InMemoryRepository extends TimelineRepository {
  readonly graph: InMemoryGraph;
  /** Queries issued, by method name. */
  readonly calls: string[];
  down: boolean;
  /** Adds a user; `followerCount` stands for the `follower_count` column (default: counted). */
  addUser(id: string, handle: string, followerCount?: number): void;
  /** Follows, at `at` (default: now, later than any earlier follow). */
  follow(followerId: string, followeeId: string, at?: Date): void;
  unfollow(followerId: string, followeeId: string): void;
  addPost(post: Omit<TimelinePost, 'authorHandle' | 'createdAt'>): TimelinePost;
}

/** Creates an empty in-memory repository. */
export function createInMemoryRepository(): InMemoryRepository {
  const graph: InMemoryGraph = { users: new Map(), follows: new Map(), followedAt: new Map(), followerCounts: new Map(), posts: [] };
  let lastFollowAt = 0;
  const calls: string[] = [];
  const state = { down: false };
  const call = (name: string): void => {
    calls.push(name);
    if (state.down) throw new SqlError('unavailable', 'Postgres unavailable (in-memory: down)');
  };
  const followersOf = (authorId: string): string[] =>
    [...graph.follows].filter(([, followees]) => followees.includes(authorId)).map(([follower]) => follower);
  const followerCount = (id: string): number => graph.followerCounts.get(id) ?? followersOf(id).length;
  const followedAt = (followerId: string, followeeId: string): number => graph.followedAt.get(`${followerId}>${followeeId}`) ?? 0;
  /** The followers index order: newest follow first, then the larger follower id. */
  const byFollowIndex =
    (followeeId: string) =>
    (a: string, b: string): number =>
      followedAt(b, followeeId) - followedAt(a, followeeId) || (a < b ? 1 : a > b ? -1 : 0);
  const postsOf = (authorIds: readonly string[]): TimelinePost[] =>
    graph.posts.filter((post) => authorIds.includes(post.authorId)).sort(compareEntries);
  const toEntry = ({ postId, score }: TimelineEntry): TimelineEntry => ({ postId, score });

  return {
    graph,
    calls,
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
    },
    addUser(id, handle, count) {
      graph.users.set(id, { handle });
      if (count !== undefined) graph.followerCounts.set(id, count);
    },
    follow(followerId, followeeId, at) {
      const list = graph.follows.get(followerId) ?? [];
      if (!list.includes(followeeId)) list.push(followeeId);
      graph.follows.set(followerId, list);
      lastFollowAt = at ? at.getTime() : Math.max(Date.now(), lastFollowAt + 1);
      graph.followedAt.set(`${followerId}>${followeeId}`, lastFollowAt);
    },
    unfollow(followerId, followeeId) {
      graph.follows.set(
        followerId,
        (graph.follows.get(followerId) ?? []).filter((id) => id !== followeeId),
      );
    },
    addPost(input) {
      const handle = graph.users.get(input.authorId)?.handle ?? 'unknown';
      const post: TimelinePost = { ...input, authorHandle: handle, createdAt: new Date(input.score).toISOString() };
      graph.posts.push(post);
      return post;
    },
    async followersPage(authorId, after, limit) {
      call('followersPage');
      const order = byFollowIndex(authorId);
      const all = followersOf(authorId).sort(order);
      // Keyset pagination as on the index: everything strictly after the cursor's (time, id).
      const rest = after
        ? all.filter(
            (id) =>
              followedAt(id, authorId) < Number(after.followedAt) ||
              (followedAt(id, authorId) === Number(after.followedAt) && id < after.followerId),
          )
        : all;
      const page = rest.slice(0, limit);
      const last = page.at(-1);
      return {
        followerIds: page,
        next: page.length === limit && last ? { followedAt: String(followedAt(last, authorId)), followerId: last } : undefined,
      };
    },
    async followersOfAuthors(authorIds) {
      call('followersOfAuthors');
      return [...graph.follows].flatMap(([followerId, followees]) => {
        const authors = authorIds.flatMap((id, index) => (followees.includes(id) ? [index] : []));
        return authors.length > 0 ? [{ followerId, authors }] : [];
      });
    },
    async authors(ids) {
      call('authors');
      return ids.flatMap((id): AuthorInfo[] => {
        const user = graph.users.get(id);
        return user ? [{ id, handle: user.handle, followerCount: followerCount(id) }] : [];
      });
    },
    async celebrityFollowees(userId, threshold) {
      call('celebrityFollowees');
      return (graph.follows.get(userId) ?? []).filter((id) => followerCount(id) > threshold).sort();
    },
    async homeTimelineEntries(userId, limit, maxAuthorFollowers) {
      call('homeTimelineEntries');
      const followees = (graph.follows.get(userId) ?? []).filter(
        (id) => maxAuthorFollowers === undefined || followerCount(id) <= maxAuthorFollowers,
      );
      return postsOf(followees).slice(0, limit).map(toEntry);
    },
    async authorEntries(authorId, limit) {
      call('authorEntries');
      return postsOf([authorId]).slice(0, limit).map(toEntry);
    },
    async postsByIds(ids) {
      call('postsByIds');
      return graph.posts.filter((post) => ids.includes(post.postId));
    },
    async homeTimelinePosts(userId, query) {
      call('homeTimelinePosts');
      const { after, fetch } = query;
      return postsOf(graph.follows.get(userId) ?? [])
        .filter((post) => !after || isAfter(post, after))
        .slice(0, fetch);
    },
  };
}
