/**
 * Auth for every function: HS256 JWT access tokens (`hono/jwt`, WebCrypto on both runtimes).
 *
 * - `issueToken(userId, { secret })` signs a token (`sub` = user id);
 * - `requireAuth()` route middleware sets `c.var.userId` or answers 401 + `WWW-Authenticate`;
 * - `assertActingAs(c, userId)` answers 403 unless the caller is `userId`.
 */
export { assertActingAs } from './assert-acting-as.ts';
export { AuthError } from './auth-error.ts';
export type { AuthErrorCode } from './auth-error.ts';
export { DEFAULT_TOKEN_TTL_SECONDS, TOKEN_ISSUER } from './auth-settings.ts';
export type { AuthSettings } from './auth-settings.ts';
export { BEARER_AUTH_SCHEME, bearerSecurity, registerBearerAuth } from './openapi-security.ts';
export { requireAuth } from './require-auth.ts';
export type { AuthEnv, AuthVariables, RequireAuthOptions } from './require-auth.ts';
export { issueToken, verifyToken } from './tokens.ts';
export type { IssueTokenOptions, VerifiedToken, VerifyTokenOptions } from './tokens.ts';
