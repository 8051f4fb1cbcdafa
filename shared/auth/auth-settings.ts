/**
 * What the auth code needs from configuration. The runtime entry builds it from `JWT_SECRET`
 * (see `shared/config/app-config.ts`) and the function app hands it to every request as
 * `c.var.auth`, so `requireAuth()` and `issueToken()` never read the environment themselves.
 */
export interface AuthSettings {
  /** HS256 key: at least 32 characters (RFC 7518 §3.2 wants a key as long as the hash). */
  readonly secret: string;
}

/** `iss` claim of every token this platform issues; tokens with another issuer are refused. */
export const TOKEN_ISSUER = 'atlas-edge';

/** Default lifetime of an access token: one day (there is no refresh flow in the demo). */
export const DEFAULT_TOKEN_TTL_SECONDS = 24 * 60 * 60;
