/**
 * Preload of the timeline bench: the revocation list without the instance's memory of its
 * answers (every authenticated request asks Redis, as before the cache), so the bench compares
 * the check uncached, cached and absent in one run. Bench only.
 */
import { swapModule } from './swap-module.ts';

swapModule('/shared/auth/revocation-cache.ts', new URL('./uncached-revocations.ts', import.meta.url).href);
