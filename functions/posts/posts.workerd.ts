import { createWorkerdFetch } from '#shared/runtime/workerd/workerd-fetch.ts';
import { createWorkerdScheduled } from '#shared/runtime/workerd/workerd-scheduled.ts';
import { postsFunction } from './index.ts';

// workerd entry of the posts function (wrangler env `posts`): HTTP routes, and the outbox
// relay from the minute cron (wrangler.toml `[env.posts.triggers]`).
export default {
  fetch: createWorkerdFetch(postsFunction),
  scheduled: createWorkerdScheduled(postsFunction),
} satisfies ExportedHandler<Env>;
