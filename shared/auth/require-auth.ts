import type { Context, MiddlewareHandler } from 'hono';
import { ProblemError } from '../app/problem.ts';
import { AuthError } from './auth-error.ts';
import type { AuthSettings } from './auth-settings.ts';
import { verifyToken } from './tokens.ts';

/** Context variables of an authenticated route. */
export interface AuthVariables {
  /** Set by the function app from config (`JWT_SECRET`); read by {@link requireAuth}. */
  auth?: AuthSettings;
  /** The authenticated user (the token's `sub`), set by {@link requireAuth}. */
  userId: string;
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
}

const BEARER = /^Bearer[ ]+(\S+)\s*$/i;

/**
 * Route middleware: demands `Authorization: Bearer <JWT>` and sets `c.var.userId`.
 * Missing, malformed, expired or badly signed tokens get a 401 problem+json with an RFC 6750
 * `WWW-Authenticate: Bearer` challenge. Use it per route (`createRoute({ middleware:
 * [requireAuth()] })`) so public routes stay public and the handler's `c.var.userId` is typed.
 */
export function requireAuth(options: RequireAuthOptions = {}): MiddlewareHandler<AuthEnv> {
  const { settings = (c: Context) => c.get('auth') as AuthSettings | undefined, realm = 'atlas-edge' } = options;
  return async function requireAuth(c, next) {
    const auth = settings(c);
    // Fail closed: a function app built without auth settings is a wiring bug, not a free pass.
    if (!auth) throw new Error('requireAuth: no auth settings (c.var.auth) for this request');
    const header = c.req.header('authorization');
    const match = header ? BEARER.exec(header) : null;
    if (!match?.[1]) throw unauthorized(new AuthError('token_missing', 'Send Authorization: Bearer <token>'), realm);
    try {
      const verified = await verifyToken(match[1], { secret: auth.secret });
      c.set('userId', verified.userId);
    } catch (error) {
      if (error instanceof AuthError) throw unauthorized(error, realm);
      throw error;
    }
    await next();
  };
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
