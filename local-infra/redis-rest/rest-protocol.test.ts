import { describe, expect, it } from 'vitest';
import { createTokenCheck, isAuthorized, presentedToken } from './auth.ts';
import { refusalOf } from './command-policy.ts';
import { RespErrorReply } from './resp-codec.ts';
import { BadRestRequestError, encodeResult, parseJsonBody, toCommand, toCommandBatch, toEntry } from './rest-protocol.ts';

describe('encodeResult', () => {
  const b = (text: string): string => Buffer.from(text).toString('base64');
  it('base64-encodes status and bulk strings at any depth, keeps integers and nil', () => {
    expect(encodeResult(['OK', Buffer.from('é'), 3, null, [Buffer.from('x')]], true)).toEqual([b('OK'), b('é'), 3, null, [b('x')]]);
  });
  it('decodes bulk strings as UTF-8 without the encoding header', () => {
    expect(encodeResult([Buffer.from('é'), 'PONG'], false)).toEqual(['é', 'PONG']);
  });
  it('turns error replies into {error} entries, unencoded', () => {
    expect(toEntry(new RespErrorReply('ERR x'), true)).toEqual({ error: 'ERR x' });
    expect(toEntry(Buffer.from('v'), true)).toEqual({ result: b('v') });
  });
});

describe('request parsing', () => {
  it('stringifies numbers and booleans the client sends as JSON values', () => {
    expect(toCommand(['SET', 'k', 1.5, true])).toEqual(['SET', 'k', '1.5', 'true']);
  });
  it.each([[[]], [['']], [[1, 'x']], ['GET'], [['SET', 'k', null]], [['SET', 'k', { a: 1 }]], [['INCRBY', 'k', Infinity]]])(
    'rejects %j',
    (value) => {
      expect(() => toCommand(value)).toThrow(BadRestRequestError);
    },
  );
  it('rejects empty batches and bodies that are not JSON', () => {
    expect(() => toCommandBatch([])).toThrow(BadRestRequestError);
    expect(() => parseJsonBody(Buffer.from('[1,'))).toThrow(/not valid JSON/);
    expect(() => parseJsonBody(Buffer.alloc(0))).toThrow(/empty/);
  });
});

describe('refusalOf', () => {
  it.each([
    ['BLPOP', 'k', '0'],
    ['subscribe', 'c'],
    ['MULTI'],
    ['watch', 'k'],
    ['SELECT', '2'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'block', '0'],
    ['CLIENT', 'tracking', 'on'],
    ['SHUTDOWN'],
  ])('refuses %s', (...argv) => {
    expect(refusalOf(argv)).toMatch(/^ERR \S+ is not supported by this REST endpoint: /);
  });
  // Modelled on what Upstash does not offer: administration, replication, wipes, modules, ACLs.
  it.each([
    ['CONFIG', 'SET', 'dir', '/tmp'],
    ['config', 'get', '*'],
    ['FLUSHALL'],
    ['FLUSHDB', 'ASYNC'],
    ['DEBUG', 'SLEEP', '10'],
    ['REPLICAOF', 'evil.example', '6379'],
    ['SLAVEOF', 'evil.example', '6379'],
    ['MODULE', 'LOAD', '/tmp/x.so'],
    ['ACL', 'SETUSER', 'x'],
    ['SAVE'],
    ['BGSAVE'],
    ['BGREWRITEAOF'],
    ['MIGRATE', 'h', '1', 'k', '0', '1'],
    ['RESTORE', 'k', '0', 'serialized-value'],
    ['SCRIPT', 'FLUSH'],
    ['SCRIPT', 'KILL'],
    ['FUNCTION', 'LOAD', 'x'],
    ['CLIENT', 'LIST'],
    ['CLIENT', 'KILL', 'ID', '1'],
    ['INFO'],
    ['NOSUCHCOMMAND'],
  ])('refuses %s (not a data command)', (...argv) => {
    expect(refusalOf(argv)).toMatch(/^ERR \S+ is not supported by this REST endpoint: /);
  });
  it.each([
    ['GET', 'k'],
    ['XREAD', 'COUNT', '1', 'STREAMS', 's', '0'],
    ['PUBLISH', 'c', 'm'],
    ['EVAL', 'return 1', '0'],
    ['evalsha', 'abc', '0'],
    ['SCRIPT', 'load', 'return 1'],
    ['ZREVRANGEBYSCORE', 'k', '+inf', '-inf'],
    ['ping'],
  ])('allows %s', (...argv) => {
    expect(refusalOf(argv)).toBeUndefined();
  });
});

describe('auth', () => {
  const check = createTokenCheck('secret');
  it('accepts the exact token only', () => {
    expect(check('secret')).toBe(true);
    expect(check('secret ')).toBe(false);
    expect(check('')).toBe(false);
    expect(check(undefined)).toBe(false);
  });
  it('reads the Bearer credential only, never a query parameter', () => {
    expect(presentedToken('Bearer abc')).toBe('abc');
    expect(presentedToken('bearer  abc ')).toBe('abc');
    expect(presentedToken('Basic abc')).toBeUndefined();
    expect(presentedToken(undefined)).toBeUndefined();
  });
  it('authorizes from the request line and headers: /health open, _token in the URL refused', () => {
    expect(isAuthorized(check, 'GET', '/health', undefined)).toBe(true);
    expect(isAuthorized(check, 'POST', '/health', undefined)).toBe(false);
    expect(isAuthorized(check, 'POST', '/', 'Bearer secret')).toBe(true);
    expect(isAuthorized(check, 'GET', '/ping?_token=secret', undefined)).toBe(false);
    expect(isAuthorized(check, 'GET', '/ping?_token=secret', 'Bearer secret')).toBe(false);
  });
});
