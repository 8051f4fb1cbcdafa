import type { Context, MiddlewareHandler } from 'hono';
import { ProblemError } from '../app/problem.ts';
import type { Dependencies } from '../app/dependencies.ts';
import { errorFields } from '../observability/logger.ts';
import { AuthError } from './auth-error.ts';
import type { AuthSettings } from './auth-settings.ts';
import { instanceTokenRevocations } from './revocation-cache.ts';
import type { CachedTokenRevocations } from './revocation-cache.ts';
import type { TokenRevocations } from './token-revocations.ts';
import { verifyToken } from './tokens.ts';
import type { VerifiedToken } from './tokens.ts';

/** Context variables of an authenticated route. */
export interface AuthVariables {
  /** Set by the function app from config (`JWT_SECRET`); read by {@link requireAuth}. */
  auth?: AuthSettings;
  /** The authenticated user (the token's `sub`), set by {@link requireAuth}. */
  userId: string;
  /** The verified token itself (id and expiry: what logout revokes), set by {@link requireAuth}. */
  token: VerifiedToken;
}

/** Hono `Env` of a route behind {@link requireAuth}. */
export interface AuthEnv {
  Variables: AuthVariables;
}

/** Options of {@link requireAuth}. */
export interface RequireAuthOptions {
  /** Where the HS256 key comes from; default `c.var.auth` (set by the function app). */
  settings?: (c: Context) => AuthSettings | undefined;
  /** `realm` of the `WWW-Authenticate` challenge (default `atlas-edge`). */
  realm?: string;
  /**
   * The revocation list (logout); default: in Redis through `c.var.deps.redis`, when the app
   * has dependencies. `undefined` skips the check (unit tests of apps without dependencies).
   */
  revocations?: (c: Context) => TokenRevocations | undefined;
}

function defaultRevocations(c: Context): TokenRevocations | undefined {
  const deps = c.get('deps') as Dependencies | undefined;
  return deps ? instanceTokenRevocations(deps.redis) : undefined;
}

/**
 * Budget of the revocation check, below the Redis attempt timeout (500 ms): a slow Redis must
 * not add a full attempt timeout to every authenticated request before the check fails open.
 * A healthy check takes well under 5 ms on either Redis adapter.
 */
const REVOCATION_CHECK_TIMEOUT_MS = 200;

// A Redis outage would otherwise log one warning per authenticated request.
let lastWarnAt = Number.NEGATIVE_INFINITY;

const BEARER = /^Bearer[ ]+(\S+)\s*$/i;

/**
 * Route middleware: demands `Authorization: Bearer <JWT>` and sets `c.var.userId`.
 * Missing, malformed, expired or badly signed tokens get a 401 problem+json with an RFC 6750
 * `WWW-Authenticate: Bearer` challenge, and so does a token on the revocation list (logged
 * out). The list is checked in Redis, its "not revoked" answers remembered per instance for
 * at most 1 s (revocation-cache.ts: the revocation delay); if Redis fails the check is skipped
 * (fail open, logged at most every 10 s): a logged-out token then works until Redis is back or
 * the token expires, rather than every authenticated route failing with Redis. Use it per route (`createRoute({ middleware:
 * [requireAuth()] })`) so public routes stay public and the handler's `c.var.userId` is typed.
 */
export function requireAuth(options: RequireAuthOptions = {}): MiddlewareHandler<AuthEnv> {
  const {
    settings = (c: Context) => c.get('auth') as AuthSettings | undefined,
    realm = 'atlas-edge',
    revocations = defaultRevocations,
  } = options;
  return async function requireAuth(c, next) {
    const auth = settings(c);
    // Fail closed: a function app built without auth settings is a wiring bug, not a free pass.
    if (!auth) throw new Error('requireAuth: no auth settings (c.var.auth) for this request');
    const header = c.req.header('authorization');
    const match = header ? BEARER.exec(header) : null;
    if (!match?.[1]) throw unauthorized(new AuthError('token_missing', 'Send Authorization: Bearer <token>'), realm);
    try {
      const verified = await verifyToken(match[1], { secret: auth.secret });
      if (verified.tokenId && (await isRevoked(c, revocations(c), verified.tokenId))) {
        throw new AuthError('token_revoked', 'The token was revoked (logged out)');
      }
      c.set('userId', verified.userId);
      c.set('token', verified);
    } catch (error) {
      if (error instanceof AuthError) throw unauthorized(error, realm);
      throw error;
    }
    await next();
  };
}

async function isRevoked(c: Context, list: TokenRevocations | undefined, tokenId: string): Promise<boolean> {
  if (!list) return false;
  // A remembered answer first: no Redis round trip and no timers for most requests.
  const known = (list as Partial<CachedTokenRevocations>).known?.(tokenId);
  if (known !== undefined) return known;
  try {
    const deadline = AbortSignal.timeout(REVOCATION_CHECK_TIMEOUT_MS);
    const requestSignal = c.get('signal') as AbortSignal | undefined;
    return await list.isRevoked(tokenId, requestSignal ? AbortSignal.any([requestSignal, deadline]) : deadline);
  } catch (error) {
    if (Date.now() - lastWarnAt > 10_000) {
      lastWarnAt = Date.now();
      const logger = c.get('logger') as { warn(message: string, fields: Record<string, unknown>): void } | undefined;
      logger?.warn('token revocation check failed; accepting the token (logged at most every 10 s)', {
        requestId: c.get('requestId'),
        ...errorFields(error),
      });
    }
    return false;
  }
}

/**
 * The 401 problem. Per RFC 6750 §3.1 a request without credentials gets a bare challenge and
 * a bad token gets `error="invalid_token"`.
 */
function unauthorized(error: AuthError, realm: string): ProblemError {
  const missing = error.code === 'token_missing';
  const challenge = missing
    ? `Bearer realm="${realm}"`
    : `Bearer realm="${realm}", error="invalid_token", error_description="${error.message}"`;
  return new ProblemError(401, {
    type: missing ? 'token-missing' : 'token-invalid',
    title: missing ? 'Authentication required' : 'Invalid token',
    detail: error.message,
    headers: { 'WWW-Authenticate': challenge },
    cause: error,
  });
}
