import { defineFunction } from '#shared/app/function-definition.ts';
import { usersRoutes } from './users.routes.ts';

/** The users function: accounts (sign-up, login, logout), profiles and follows, in Postgres. */
export const usersFunction = defineFunction({
  name: 'users',
  nodePort: 8081,
  routePrefixes: ['/users', '/sessions'],
  requires: ['postgres'],
  routes: usersRoutes,
});

export default usersFunction;
