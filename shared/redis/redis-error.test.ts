import { describe, expect, it } from 'vitest';
import { RedisError, codeOfErrorReply, isRedisError, redisErrorFromAbort } from './redis-error.ts';

describe('codeOfErrorReply', () => {
  it.each([
    ['WRONGTYPE Operation against a key holding the wrong kind of value', 'command'],
    ['ERR value is not an integer or out of range', 'command'],
    ['NOSCRIPT No matching script. Please use EVAL.', 'command'],
    ['LOADING Redis is loading the dataset in memory', 'unavailable'],
    ['BUSY Redis is busy running a script.', 'unavailable'],
    ['UNAVAILABLE Redis at 127.0.0.1:6379 is unreachable (ECONNREFUSED)', 'unavailable'],
    ['NOAUTH Authentication required.', 'auth'],
    ['Unauthorized', 'auth'],
  ])('%s -> %s', (message, code) => {
    expect(codeOfErrorReply(message)).toBe(code);
  });
});

describe('RedisError', () => {
  it('is transient only for unavailable and timeout', () => {
    expect(new RedisError('unavailable', 'x').transient).toBe(true);
    expect(new RedisError('timeout', 'x').transient).toBe(true);
    for (const code of ['aborted', 'command', 'auth', 'protocol'] as const) expect(new RedisError(code, 'x').transient).toBe(false);
  });

  it('is recognised across module copies by name and code', () => {
    const copy = Object.assign(new Error('x'), { name: 'RedisError', code: 'timeout' });
    expect(isRedisError(copy)).toBe(true);
    expect(isRedisError(new Error('x'))).toBe(false);
  });

  it('tells a deadline (TimeoutError) from another abort', () => {
    expect(redisErrorFromAbort(AbortSignal.abort(new DOMException('t', 'TimeoutError')), 'GET')).toMatchObject({
      code: 'timeout',
      command: 'GET',
    });
    expect(redisErrorFromAbort(AbortSignal.abort())).toMatchObject({ code: 'aborted' });
  });
});
