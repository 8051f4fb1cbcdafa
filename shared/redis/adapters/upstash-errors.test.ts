import { errors } from '@upstash/redis/cloudflare';
import { describe, it } from 'vitest';
import type { FailureKind } from '../../reliability/failure-kind.ts';
import { expectFailureKind } from '../../reliability/testing/expect-failure-kind.ts';
import type { RedisError } from '../redis-error.ts';
import { toRedisError } from './upstash-errors.ts';

const map = (error: unknown): RedisError => toRedisError(error, 'GET', undefined);

// What the Redis policy makes of `@upstash/redis` and `fetch` errors: the REST endpoint being
// unreachable may pass; a refused token or an unreadable answer fails every call: fail fast.
describe('@upstash/redis errors under the Redis policy', () => {
  it.each<[string, () => RedisError, FailureKind]>([
    [
      'fetch failed with a network cause',
      () => map(new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) })),
      'transient',
    ],
    [
      'endpoint cannot reach Redis',
      () => map(new errors.UpstashError('UNAVAILABLE Redis is unreachable, command was: ["get","k"]')),
      'transient',
    ],
    ['WRONGTYPE reply', () => map(new errors.UpstashError('WRONGTYPE Operation against a key holding the wrong kind of value')), 'local'],
    [
      'script error without the reply prefix',
      () => map(new errors.UpstashError('user_script:1: Script attempted to access nonexistent global variable')),
      'local',
    ],
    ['refused token', () => map(new errors.UpstashError('Unauthorized')), 'dependency'],
    ['answer that is not JSON', () => map(new errors.UpstashJSONParseError('<html>')), 'dependency'],
  ])('%s -> %s', (_name, mapped, kind) => expectFailureKind(mapped(), kind));
});
