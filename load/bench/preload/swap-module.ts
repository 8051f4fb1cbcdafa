/** What the bench preloads share: a resolve hook that serves a stand-in for one module of the product. */
import { registerHooks } from 'node:module';

/**
 * Every import that resolves to a URL ending in `pathSuffix` gets `standInUrl` instead, except
 * the stand-in's own imports (it may re-export what it does not replace).
 */
export function swapModule(pathSuffix: string, standInUrl: string): void {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context);
      return resolved.url.endsWith(pathSuffix) && context.parentURL !== standInUrl
        ? { ...resolved, url: standInUrl, shortCircuit: true }
        : resolved;
    },
  });
}
