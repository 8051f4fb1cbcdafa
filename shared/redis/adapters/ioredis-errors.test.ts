import { ReplyError } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createDependencyPolicy } from '../../reliability/dependency-policy.ts';
import type { FailureKind } from '../../reliability/failure-kind.ts';
import { expectFailureKind } from '../../reliability/testing/expect-failure-kind.ts';
import { RedisError } from '../redis-error.ts';
import { toRedisError } from './ioredis-errors.ts';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
const unavailable = (command: string | undefined): RedisError =>
  new RedisError('unavailable', 'Redis is unreachable (ECONNREFUSED)', { command, cause: refused });
const map = (error: unknown, signal?: AbortSignal): RedisError => toRedisError(error, 'GET', signal, unavailable);
const replyError = (message: string): Error => new ReplyError(message) as Error;

// What the Redis policy makes of ioredis' errors: a caller's cancellation or our own bug
// (WRONGTYPE, a script error) must never open the breaker that protects everyone else's calls.
describe('ioredis errors under the Redis policy', () => {
  it.each<[string, () => RedisError, FailureKind]>([
    ['connection refused', () => map(refused), 'transient'],
    ['closed connection', () => map(new Error('Connection is closed.')), 'transient'],
    ['client command timeout', () => map(new Error('Command timed out')), 'transient'],
    ['deadline', () => map(new Error('late'), AbortSignal.abort(new DOMException('deadline', 'TimeoutError'))), 'transient'],
    ['caller cancelled', () => map(new Error('gone'), AbortSignal.abort()), 'local'],
    ['WRONGTYPE reply', () => map(replyError('WRONGTYPE Operation against a key holding the wrong kind of value')), 'local'],
    ['script error reply', () => map(replyError('ERR user_script:1: Script attempted to access nonexistent global variable')), 'local'],
    ['LOADING reply', () => map(replyError('LOADING Redis is loading the dataset in memory')), 'transient'],
    ['refused password', () => map(replyError('WRONGPASS invalid username-password pair')), 'dependency'],
  ])('%s -> %s', (_name, mapped, kind) => expectFailureKind(mapped(), kind));

  it('keeps the Redis breaker closed through many aborted and command errors, and opens it on unavailable', async () => {
    const policy = createDependencyPolicy({ dependency: 'redis' });
    const fail = (error: Error) => policy.execute('get', async () => Promise.reject(error)).catch(() => undefined);
    for (let i = 0; i < 10; i++) {
      await fail(map(new Error('gone'), AbortSignal.abort()));
      await fail(map(replyError('WRONGTYPE Operation against a key holding the wrong kind of value')));
    }
    expect(policy.health().state).toBe('closed');
    for (let i = 0; i < 5; i++) await fail(map(refused));
    expect(policy.health().state).toBe('open');
  });
});
