import { createWorkerdFetch } from '#shared/runtime/workerd/workerd-fetch.ts';
import { timelineFunction } from './index.ts';

// workerd entry of the timeline function (wrangler env `timeline`).
export default { fetch: createWorkerdFetch(timelineFunction) } satisfies ExportedHandler<Env>;
