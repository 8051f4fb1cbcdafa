import { writeFile } from 'node:fs/promises';
import { issueToken } from '#shared/auth/tokens.ts';
import type { SeedPlan } from './seed-plan.ts';

/** One entry of the k6 users file (`USERS_FILE`, read by load/scenarios/lib/users.js). */
export interface LoadUser {
  readonly id: string;
  readonly handle: string;
  readonly token: string;
  readonly followers: number;
}

/**
 * Writes the seeded users for the load scenarios: JSON array of `{ id, handle, token,
 * followers }`, most-followed first, tokens valid for `ttlSeconds` (default 2 days).
 */
export async function writeUsersFile(plan: SeedPlan, path: string, options: { secret: string; ttlSeconds?: number }): Promise<number> {
  const ttlSeconds = options.ttlSeconds ?? 2 * 86_400;
  const users: LoadUser[] = [];
  for (let i = 0; i < plan.userIds.length; i += 1) {
    const id = plan.userIds[i] ?? '';
    users.push({
      id,
      handle: plan.handles[i] ?? '',
      token: await issueToken(id, { secret: options.secret, ttlSeconds }),
      followers: plan.graph.followerCounts[i] ?? 0,
    });
  }
  users.sort((a, b) => b.followers - a.followers);
  await writeFile(path, `${JSON.stringify(users)}\n`);
  return users.length;
}
