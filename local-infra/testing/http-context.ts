/**
 * What the http-node and http-workerd globalSetups hand to `*.http.test.ts` suites through
 * vitest's `provide` / `inject`: one base URL per function, which runtime serves them, and
 * the runtime's gateway in front of all of them.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL per function name, e.g. `{ users: 'http://127.0.0.1:41234' }`. */
    functionUrls: Record<string, string>;
    /** Which runtime serves `functionUrls`. */
    functionRuntime: 'node' | 'workerd';
    /**
     * One origin for every function: the platform's gateway on Node (real instance processes
     * behind it, from zero), the dev gateway bundle on workerd.
     */
    gatewayUrl: string;
  }
}

export {};
