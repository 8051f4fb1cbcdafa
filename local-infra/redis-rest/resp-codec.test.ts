import { describe, expect, it } from 'vitest';
import { RespErrorReply, RespParser, encodeCommands, type RespReply } from './resp-codec.ts';

const WIRE = Buffer.concat([
  Buffer.from('+OK\r\n-ERR boom\r\n:42\r\n:-7\r\n$-1\r\n*-1\r\n$0\r\n\r\n'),
  Buffer.from('$3\r\n'),
  Buffer.from([0xff, 0x0d, 0x0a]),
  Buffer.from('\r\n'),
  Buffer.from('*3\r\n$1\r\na\r\n*2\r\n:1\r\n$-1\r\n-WRONGTYPE x\r\n'),
]);

function parseAll(chunks: readonly Buffer[]): RespReply[] {
  const parser = new RespParser();
  const replies: RespReply[] = [];
  for (const chunk of chunks) parser.feed(chunk, (reply) => replies.push(reply));
  return replies;
}

describe('RespParser', () => {
  it('decodes every RESP2 type, bulk strings as exact bytes', () => {
    const replies = parseAll([WIRE]);
    expect(replies).toEqual([
      'OK',
      new RespErrorReply('ERR boom'),
      42,
      -7,
      null,
      null,
      Buffer.alloc(0),
      Buffer.from([0xff, 0x0d, 0x0a]),
      [Buffer.from('a'), [1, null], new RespErrorReply('WRONGTYPE x')],
    ]);
  });

  it('gives the same replies whatever the chunk boundaries', () => {
    const whole = parseAll([WIRE]);
    for (let cut = 1; cut < WIRE.length; cut++) {
      expect(parseAll([WIRE.subarray(0, cut), WIRE.subarray(cut)])).toEqual(whole);
    }
    expect(parseAll([...WIRE].map((byte) => Buffer.from([byte])))).toEqual(whole);
  });

  it('rejects bytes that are not RESP', () => {
    expect(() => parseAll([Buffer.from('?what\r\n')])).toThrow(/Unexpected RESP type/);
  });
});

describe('encodeCommands', () => {
  it('writes arrays of bulk strings with byte lengths', () => {
    expect(encodeCommands([['SET', 'k', 'é'], ['PING']]).toString()).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n*1\r\n$4\r\nPING\r\n');
  });
});
