import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import { docsFunction } from './docs/index.ts';
import { mediaFunction } from './media/index.ts';
import { postsFunction } from './posts/index.ts';
import { timelineFunction } from './timeline/index.ts';
import { usersFunction } from './users/index.ts';

/**
 * Every function of the platform. The Node host serves each on its port, the dev gateway
 * (`npm run dev`) routes to each, the HTTP test setups start each. Add new functions here.
 */
export const FUNCTIONS: readonly FunctionDefinition[] = [usersFunction, postsFunction, mediaFunction, timelineFunction, docsFunction];
