import type { Context } from 'hono';
import { ProblemError } from '../app/problem.ts';

/**
 * Authorization for "act as yourself" routes: passes only when the authenticated user
 * (`c.var.userId`, set by `requireAuth()`) is `userId`; otherwise 403 problem+json
 * (`https://atlas-edge.dev/problems/forbidden`). Without an authenticated user it answers 401:
 * a route that forgot `requireAuth()` fails closed.
 */
export function assertActingAs(c: Context, userId: string): void {
  const actor = c.get('userId') as unknown;
  if (typeof actor !== 'string') {
    throw new ProblemError(401, {
      type: 'token-missing',
      title: 'Authentication required',
      detail: 'Send Authorization: Bearer <token>',
      headers: { 'WWW-Authenticate': 'Bearer realm="atlas-edge"' },
    });
  }
  if (actor.toLowerCase() !== userId.toLowerCase()) {
    throw new ProblemError(403, {
      type: 'forbidden',
      title: 'Forbidden',
      detail: 'A user can only act as themselves',
    });
  }
}
