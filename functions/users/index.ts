import { defineFunction } from '#shared/app/function-definition.ts';
import { usersRoutes } from './users.routes.ts';

/** The users function: create and fetch users in Postgres. */
export const usersFunction = defineFunction({
  name: 'users',
  nodePort: 8081,
  routePrefixes: ['/users'],
  requires: ['postgres'],
  routes: usersRoutes,
});

export default usersFunction;
