import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import { mediaFunction } from './media/index.ts';
import { postsFunction } from './posts/index.ts';
import { timelineFunction } from './timeline/index.ts';
import { usersFunction } from './users/index.ts';

/**
 * The functions that serve the product's API. Apart from `registry.ts` so the docs function can
 * document them without importing the registry that lists the docs function itself.
 */
export const API_FUNCTIONS: readonly FunctionDefinition[] = [usersFunction, postsFunction, mediaFunction, timelineFunction];
