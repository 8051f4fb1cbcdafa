import { defineFunction } from '#shared/app/function-definition.ts';
import { POST_CREATED_TOPIC } from '#shared/events/post-created.ts';
import { outboxCleanupSchedule, outboxMonitorSchedule, outboxRelaySchedule } from '#shared/outbox/outbox-schedules.ts';
import { postsRoutes } from './posts.routes.ts';

/**
 * The posts function: create (post + `post.created` outbox row in one transaction) and fetch
 * posts; its schedules relay the outbox to Kafka, watch the outbox lag and trim published rows.
 */
export const postsFunction = defineFunction({
  name: 'posts',
  nodePort: 8082,
  routePrefixes: ['/posts'],
  requires: ['postgres'],
  // A post is 280 characters; even all 4-byte code points fit comfortably in 4 KiB of JSON.
  maxBodyBytes: 4 * 1024,
  routes: postsRoutes,
  // The relay publishes the topics this function owns; other writers of the outbox run their own.
  schedules: [outboxRelaySchedule({ topics: [POST_CREATED_TOPIC] }), outboxMonitorSchedule(), outboxCleanupSchedule()],
});

export default postsFunction;
