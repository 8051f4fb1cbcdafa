import { runNodeHostMain } from '#shared/runtime/node/node-host-main.ts';
import { postsFunction } from './index.ts';

// Standalone Node process for the posts function WITH its schedules (the outbox relay):
// `npm start` serves every function the same way.
await runNodeHostMain([postsFunction]);
