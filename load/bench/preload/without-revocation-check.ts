/**
 * Preload of the timeline bench (`node --import <this file>`, inherited by the cluster's
 * instances): swaps the token revocation list for one that finds no token, so one bench
 * variant measures the read without the per-request revocation check beside the real one, in
 * the same run. Bench only: the product has no switch that turns revocation off.
 */
import { swapModule } from './swap-module.ts';

swapModule('/shared/auth/token-revocations.ts', new URL('./no-token-revocations.ts', import.meta.url).href);
