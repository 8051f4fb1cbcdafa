/**
 * Why a request could not be authenticated:
 * - `token_missing`: no `Authorization: Bearer <token>` header;
 * - `token_malformed`: not a compact JWS, undecodable, wrong algorithm or missing claims;
 * - `token_expired`: `exp` is in the past;
 * - `token_invalid`: bad signature, wrong issuer, not yet valid;
 * - `token_revoked`: a valid token that was logged out.
 */
export type AuthErrorCode = 'token_missing' | 'token_malformed' | 'token_expired' | 'token_invalid' | 'token_revoked';

/** Thrown by {@link verifyToken}; `requireAuth()` turns it into a 401 problem. */
export class AuthError extends Error {
  readonly code: AuthErrorCode;
  constructor(code: AuthErrorCode, message: string, options: { readonly cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AuthError';
    this.code = code;
  }
}
