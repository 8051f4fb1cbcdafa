/**
 * Preload of the timeline bench (`node --import <this file>`, inherited by the cluster's
 * instances): swaps the token revocation list for one that finds no token, so one bench
 * variant measures the read without the per-request revocation check beside the real one, in
 * the same run. Bench only: the product has no switch that turns revocation off.
 */
import { registerHooks } from 'node:module';

const LIST = '/shared/auth/token-revocations.ts';
const STAND_IN = new URL('./no-token-revocations.ts', import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    return resolved.url.endsWith(LIST) ? { ...resolved, url: STAND_IN, shortCircuit: true } : resolved;
  },
});
