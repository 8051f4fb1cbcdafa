import { runNodeHostMain } from '#shared/runtime/node/node-host-main.ts';
import { timelineFunction } from './index.ts';

// Standalone Node process for the timeline function WITH its event trigger (the post.created
// fan-out consumer): `npm start` serves every function the same way.
await runNodeHostMain([timelineFunction]);
