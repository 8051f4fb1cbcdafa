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
  readonly posts: TimelinePost[];
}

/** A {@link TimelineRepository} over plain maps, with a switch to simulate Postgres down. */
export interface InMemoryRepository extends TimelineRepository {
  readonly graph: InMemoryGraph;
  /** Queries issued, by method name. */
  readonly calls: string[];
  down: boolean;
  addUser(id: string, handle: string): void;
  follow(followerId: string, followeeId: string): void;
  unfollow(followerId: string, followeeId: string): void;
  addPost(post: Omit<TimelinePost, 'authorHandle' | 'createdAt'>): TimelinePost;
}

/** Creates an empty in-memory repository. */
export function createInMemoryRepository(): InMemoryRepository {
  const graph: InMemoryGraph = { users: new Map(), follows: new Map(), posts: [] };
  const calls: string[] = [];
  const state = { down: false };
  const call = (name: string): void => {
    calls.push(name);
    if (state.down) throw new SqlError('unavailable', 'Postgres unavailable (in-memory: down)');
  };
  const followersOf = (authorId: string): string[] =>
    [...graph.follows].filter(([, followees]) => followees.includes(authorId)).map(([follower]) => follower);
  const followerCount = (id: string): number => followersOf(id).length;
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
    addUser(id, handle) {
      graph.users.set(id, { handle });
    },
    follow(followerId, followeeId) {
      const list = graph.follows.get(followerId) ?? [];
      if (!list.includes(followeeId)) list.push(followeeId);
      graph.follows.set(followerId, list);
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
      const all = followersOf(authorId).sort();
      const start = after ? all.indexOf(after.followerId) + 1 : 0;
      const page = all.slice(start, start + limit);
      const last = page.at(-1);
      return { followerIds: page, next: page.length === limit && last ? { followedAt: '', followerId: last } : undefined };
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
      return (graph.follows.get(userId) ?? []).filter((id) => followerCount(id) > threshold);
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
