import { createWorkerdFetch } from '#shared/runtime/workerd/workerd-fetch.ts';
import { docsFunction } from './index.ts';

// workerd entry of the docs function (wrangler env `docs`).
export default { fetch: createWorkerdFetch(docsFunction) } satisfies ExportedHandler<Env>;
