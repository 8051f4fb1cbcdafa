import { sign, verify } from 'hono/jwt';
import { AuthError } from './auth-error.ts';
import { hmacKey } from './hmac-key.ts';
import { createVerifiedTokenCache } from './verified-tokens.ts';
import { DEFAULT_TOKEN_TTL_SECONDS, TOKEN_ISSUER } from './auth-settings.ts';

/** Options of {@link issueToken}. */
export interface IssueTokenOptions {
  /** HS256 key (`c.var.auth.secret` in handlers, `JWT_SECRET` in tools). */
  readonly secret: string;
  /** Lifetime in seconds (default one day). */
  readonly ttlSeconds?: number;
}

/** Options of {@link verifyToken}. */
export interface VerifyTokenOptions {
  readonly secret: string;
}

/** What a valid token says. */
export interface VerifiedToken {
  /** The `sub` claim: the user's id (a UUID). */
  readonly userId: string;
  readonly expiresAt: Date;
  /**
   * The `jti` claim: names this token in the revocation list (logout). Tokens issued before
   * tokens carried one have none; they cannot be revoked one by one and simply expire.
   */
  readonly tokenId?: string;
}

const ALG = 'HS256';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const verified = createVerifiedTokenCache<VerifiedToken>();

/**
 * Signs an access token for `userId`: HS256, claims `sub`, `iss`, `iat`, `exp` and a random
 * `jti` (so logout can revoke exactly this token, and two tokens are never equal). WebCrypto
 * underneath (`hono/jwt`), so it runs the same on Node and workerd.
 */
export async function issueToken(userId: string, options: IssueTokenOptions): Promise<string> {
  const { secret, ttlSeconds = DEFAULT_TOKEN_TTL_SECONDS } = options;
  if (!UUID.test(userId)) throw new TypeError('issueToken: userId must be a UUID');
  if (!(ttlSeconds > 0)) throw new RangeError('issueToken: ttlSeconds must be positive');
  const now = Math.floor(Date.now() / 1000);
  return sign(
    { sub: userId.toLowerCase(), iss: TOKEN_ISSUER, iat: now, exp: now + ttlSeconds, jti: crypto.randomUUID() },
    await hmacKey(secret),
    ALG,
  );
}

/**
 * Checks a token's form, algorithm (HS256 only: `none` and algorithm swaps are refused),
 * signature, issuer and expiry, and that it names a user. A token this process verified before
 * is only re-checked for expiry (see verified-tokens.ts).
 * @throws AuthError with code `token_malformed`, `token_expired` or `token_invalid`.
 */
export async function verifyToken(token: string, options: VerifyTokenOptions): Promise<VerifiedToken> {
  const cached = verified.get(options.secret, token);
  if (cached) return cached;
  const verdict = await verifyUncached(token, options.secret);
  verified.set(options.secret, token, verdict);
  return verdict;
}

async function verifyUncached(token: string, secret: string): Promise<VerifiedToken> {
  if (!COMPACT_JWS.test(token)) throw new AuthError('token_malformed', 'The token is not a JWT');
  let payload: Record<string, unknown>;
  try {
    payload = await verify(token, await hmacKey(secret), { alg: ALG, iss: TOKEN_ISSUER });
  } catch (error) {
    throw fromJwtError(error);
  }
  const { sub, exp, jti } = payload;
  if (typeof sub !== 'string' || !UUID.test(sub)) throw new AuthError('token_malformed', 'The token names no user');
  // hono/jwt only checks `exp` when present; a token that never expires is not one we issued.
  if (typeof exp !== 'number') throw new AuthError('token_malformed', 'The token has no expiry');
  if (jti !== undefined && (typeof jti !== 'string' || !UUID.test(jti)))
    throw new AuthError('token_malformed', 'The token id is not a UUID');
  return { userId: sub.toLowerCase(), expiresAt: new Date(exp * 1000), ...(jti === undefined ? {} : { tokenId: jti.toLowerCase() }) };
}

/** hono/jwt's error classes by name (their messages embed the token: never shown to clients). */
function fromJwtError(error: unknown): AuthError {
  const name = error instanceof Error ? error.name : '';
  switch (name) {
    case 'JwtTokenExpired':
      return new AuthError('token_expired', 'The token expired', { cause: error });
    case 'JwtTokenSignatureMismatched':
      return new AuthError('token_invalid', 'The token signature is invalid', { cause: error });
    case 'JwtTokenIssuer':
      return new AuthError('token_invalid', 'The token was not issued by this service', { cause: error });
    case 'JwtTokenNotBefore':
    case 'JwtTokenIssuedAt':
      return new AuthError('token_invalid', 'The token is not valid yet', { cause: error });
    case 'JwtAlgorithmMismatch':
      return new AuthError('token_malformed', `The token must be signed with ${ALG}`, { cause: error });
    default:
      return new AuthError('token_malformed', 'The token cannot be decoded', { cause: error });
  }
}
