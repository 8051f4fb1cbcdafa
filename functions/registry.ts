import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import { API_FUNCTIONS } from './api-functions.ts';
import { docsFunction } from './docs/index.ts';

/**
 * Every function of the platform. The Node host serves each on its port, the dev gateway
 * (`npm run dev`) routes to each, the HTTP test setups start each. A new API function goes in
 * `api-functions.ts` (so the docs function documents it too).
 */
export const FUNCTIONS: readonly FunctionDefinition[] = [...API_FUNCTIONS, docsFunction];
