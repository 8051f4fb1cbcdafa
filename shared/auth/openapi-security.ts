import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';

/** Name of the security scheme in the OpenAPI document. */
export const BEARER_AUTH_SCHEME = 'bearerAuth';

/** `security` of a route behind `requireAuth()`: `createRoute({ security: bearerSecurity, ... })`. */
export const bearerSecurity: { [scheme: string]: string[] }[] = [{ [BEARER_AUTH_SCHEME]: [] }];

/** Declares the bearer JWT scheme in a router's OpenAPI document (once per router). */
export function registerBearerAuth<E extends Env>(router: OpenAPIHono<E>): void {
  router.openAPIRegistry.registerComponent('securitySchemes', BEARER_AUTH_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'HS256 access token returned by `POST /users` (sign up); `sub` is the user id.',
  });
}
