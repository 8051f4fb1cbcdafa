import { createRoute } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '#shared/middleware/app-env.ts';
import { ProblemError } from '#shared/app/problem.ts';
import { problemContent } from '#shared/app/problem-schema.ts';
import { bearerSecurity, DEFAULT_TOKEN_TTL_SECONDS, requireAuth } from '#shared/auth/index.ts';
import { DUMMY_PASSWORD_HASH, hashPassword, needsRehash, verifyPassword } from '#shared/auth/password-hash.ts';
import { instanceTokenRevocations } from '#shared/auth/revocation-cache.ts';
import { accountThrottle, loginHandleThrottle } from './account-throttle.ts';
import { sessionReply } from './session-reply.ts';
import { createUsersRepository } from './users.repository.ts';
import { LoginBodySchema, SignUpResponseSchema } from './users.schemas.ts';

/** `429` of the per-client throttle, as sign-up and login document it. */
export const throttledResponse = {
  ...problemContent('Too many sign-ups or logins from this client address; see `Retry-After`'),
  headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' as const, minimum: 1 } } },
};

/** `429` of login: the per-client throttle, or the per-handle one. */
const loginThrottledResponse = {
  ...throttledResponse,
  ...problemContent('Too many logins from this client address, or for this handle from any address; see `Retry-After`'),
};

const loginRoute = createRoute({
  method: 'post',
  path: '/sessions',
  tags: ['users'],
  summary: 'Log in with handle and password: get a new access token (a session)',
  description:
    `The token expires after ${DEFAULT_TOKEN_TTL_SECONDS / 3600} h. An unknown handle and a wrong password get the ` +
    'same answer (status, body and time). Throttled per client address, and per handle whatever the address ' +
    '(known handles or not alike).',
  middleware: [accountThrottle('login'), loginHandleThrottle()] as const,
  request: {
    body: { required: true, content: { 'application/json': { schema: LoginBodySchema } } },
  },
  responses: {
    200: { description: 'Logged in', content: { 'application/json': { schema: SignUpResponseSchema } } },
    400: problemContent('Malformed JSON or invalid fields'),
    401: problemContent('Handle or password wrong (the same answer for either)'),
    415: problemContent('Body is not JSON'),
    429: loginThrottledResponse,
  },
});

const logoutRoute = createRoute({
  method: 'delete',
  path: '/sessions/current',
  tags: ['users'],
  summary: 'Log out: revoke the bearer token of this request',
  description:
    'From now on the token gets 401 on every function, until it would have expired anyway. Other tokens of the same user stay valid.',
  security: bearerSecurity,
  middleware: [requireAuth()] as const,
  responses: {
    204: { description: 'Revoked' },
    401: {
      ...problemContent('Missing, malformed, expired, badly signed or already revoked token'),
      headers: { 'WWW-Authenticate': { schema: { type: 'string' as const } } },
    },
    422: problemContent('The token has no id (issued before tokens had one): it cannot be revoked and simply expires'),
  },
});

/** The one answer to every failed login, whichever part was wrong. */
function invalidCredentials(): ProblemError {
  return new ProblemError(401, {
    type: 'invalid-credentials',
    title: 'Invalid credentials',
    detail: 'The handle or the password is wrong',
  });
}

/** Login (and logout) on the users function's router. */
export function registerAccountRoutes(router: OpenAPIHono<AppEnv>): void {
  router.openapi(loginRoute, async (c) => {
    const { handle, password } = c.req.valid('json');
    const users = createUsersRepository(c.var.deps.sql);
    const found = await users.findCredentials(handle, c.var.signal);
    // Same work whether or not the handle exists or has a password: a dummy hash of the same cost.
    const matches = await verifyPassword(password, found?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!found?.passwordHash || !matches) throw invalidCredentials();
    if (needsRehash(found.passwordHash)) {
      await users.updatePasswordHash(found.user.id, await hashPassword(password), c.var.signal);
    }
    return c.json(await sessionReply(c.var.auth, found.user), 200);
  });

  router.openapi(logoutRoute, async (c) => {
    const { tokenId, expiresAt } = c.var.token;
    if (!tokenId) {
      throw new ProblemError(422, {
        type: 'token-not-revocable',
        title: 'Token cannot be revoked',
        detail: `This token has no id; it expires at ${expiresAt.toISOString()}`,
      });
    }
    // A failure here is a 503 (the dependency), never a 204 for a token still valid.
    await instanceTokenRevocations(c.var.deps.redis).revoke(tokenId, expiresAt, c.var.signal);
    return c.body(null, 204);
  });
}
