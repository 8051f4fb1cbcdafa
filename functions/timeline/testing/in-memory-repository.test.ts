import { defineTimelineRepositoryContract } from './timeline-repository.contract.ts';
import { createInMemoryRepository } from './in-memory-repository.ts';

// The in-memory repository the unit tests use, held to the contract the Postgres repository
// passes (`store/timeline-repository.int.test.ts`).
defineTimelineRepositoryContract('in-memory', async () => {
  const repository = createInMemoryRepository();
  let handles = 0;
  return {
    repository,
    addUser: async (followerCount) => {
      const user = { id: crypto.randomUUID(), handle: `user_${(handles += 1)}` };
      repository.addUser(user.id, user.handle, followerCount);
      return user;
    },
    follow: async (followerId, followeeId, at) => repository.follow(followerId, followeeId, at),
    addPost: async (authorId, at, n) =>
      repository.addPost({ postId: crypto.randomUUID(), authorId, text: `post ${n}`, mediaKey: null, score: at.getTime() }).postId,
    close: async () => undefined,
  };
});
