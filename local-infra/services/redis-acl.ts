import { createHash } from 'node:crypto';
import type { InfraConfig } from './config.ts';
import { assertNoDevelopmentDefaults } from '#shared/config/production-guard.ts';

/**
 * The Redis ACL of the REST endpoint's own user. The endpoint's allow-list (command-policy.ts)
 * checks the commands a request names, but not the ones a script it runs calls: EVAL of
 * `redis.call('FLUSHALL')` would pass it. Redis checks a user's ACL on every command, scripts'
 * included, so the endpoint logs in as this user and the rule below binds scripts too.
 *
 * Categories first, so a command a future Redis files under @admin or @dangerous is denied
 * without anyone listing it; then three data reads the allow-list offers that Redis files as
 * @dangerous only for their cost (KEYS, SORT, SORT_RO); then the named denials, so the rule
 * says what it is for even to a reader who does not know the categories by heart. RESTORE
 * (loads an arbitrary serialized value) stays denied. `&*`: PUBLISH needs channel access
 * (Redis 7 starts users with none).
 */
export const REST_ACL_COMMAND_RULES = [
  '+@all',
  '-@admin',
  '-@dangerous',
  '+keys',
  '+sort',
  '+sort_ro',
  '-flushall',
  '-flushdb',
  '-config',
  '-debug',
  '-replicaof',
  '-slaveof',
  '-shutdown',
  '-module',
  '-acl',
  '-save',
  '-bgsave',
  '-bgrewriteaof',
  '-migrate',
  '-restore',
  '-swapdb',
  '-monitor',
  '-failover',
  '-function',
  '-script|flush',
  '-script|kill',
] as const;

/** The user's rules with its password given as Redis's `#<sha256 hex>` (the config never holds it in clear). */
export function restAclRules(password: string): string[] {
  const sha = createHash('sha256').update(password).digest('hex');
  return ['on', `#${sha}`, '~*', '&*', ...REST_ACL_COMMAND_RULES];
}

/** The REST endpoint's Redis user and password of one infra instance. */
export interface RestAclCredentials {
  readonly user: string;
  readonly password: string;
}

/**
 * The REST endpoint's Redis credentials from the config. In production mode the committed
 * development password is refused, as every other development credential is.
 * @throws DevelopmentDefaultsError when ATLAS_ENV=production and the password is the development one.
 */
export function restAclCredentials(config: InfraConfig): RestAclCredentials {
  const password = config.setting('REDIS_REST_ACL_PASSWORD');
  assertNoDevelopmentDefaults(config.env, { REDIS_REST_ACL_PASSWORD: password });
  return { user: config.setting('REDIS_REST_ACL_USER'), password };
}

/** `user <name> <rules>`: the redis.conf line declaring the endpoint's user. */
export function restAclConfigLine(credentials: RestAclCredentials): string {
  return `user ${credentials.user} ${restAclRules(credentials.password).join(' ')}`;
}
