import { defineFunction } from '#shared/app/function-definition.ts';
import { POST_CREATED_TOPIC } from '#shared/events/post-created.ts';
import { fanOutPosts } from './fan-out/fan-out-posts.ts';
import { timelineRoutes } from './timeline.routes.ts';

/**
 * The timeline function: home timeline reads (`GET /timelines/{userId}`) and the fan-out of
 * `post.created` events into followers' cached timelines (strategy: FANOUT_STRATEGY).
 * Redis is optional by design: without it timelines are built from Postgres (degraded).
 */
export const timelineFunction = defineFunction({
  name: 'timeline',
  nodePort: 8083,
  routePrefixes: ['/timelines'],
  requires: ['postgres'],
  routes: timelineRoutes,
  events: [{ topic: POST_CREATED_TOPIC, maxBatchSize: 200, handler: fanOutPosts }],
});

export default timelineFunction;
