import { createWorkerdFetch } from '#shared/runtime/workerd/workerd-fetch.ts';
import { usersFunction } from './index.ts';

// workerd entry of the users function (wrangler env `users`).
export default { fetch: createWorkerdFetch(usersFunction) } satisfies ExportedHandler<Env>;
