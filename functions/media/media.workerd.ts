import { createWorkerdFetch } from '#shared/runtime/workerd/workerd-fetch.ts';
import { mediaFunction } from './index.ts';

// workerd entry of the media function (wrangler env `media`).
export default { fetch: createWorkerdFetch(mediaFunction) } satisfies ExportedHandler<Env>;
