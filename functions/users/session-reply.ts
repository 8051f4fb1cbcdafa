import type { AppEnv } from '#shared/middleware/app-env.ts';
import { DEFAULT_TOKEN_TTL_SECONDS, issueToken } from '#shared/auth/index.ts';
import type { User } from './users.schemas.ts';

/** The reply of sign-up and login: the user, a fresh access token and when it expires. */
export async function sessionReply(
  auth: AppEnv['Variables']['auth'],
  user: User,
): Promise<{ user: User; token: string; expiresAt: string }> {
  // Missing settings mean a wiring bug (500), never a token.
  if (!auth) throw new Error('users: no auth settings (c.var.auth); the runtime entry must pass them');
  const token = await issueToken(user.id, { secret: auth.secret, ttlSeconds: DEFAULT_TOKEN_TTL_SECONDS });
  const expiresAt = new Date(Date.now() + DEFAULT_TOKEN_TTL_SECONDS * 1000).toISOString();
  return { user, token, expiresAt };
}
