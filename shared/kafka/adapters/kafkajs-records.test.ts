import { describe, expect, it } from 'vitest';
import { chunk, decodeHeaders, decodeValue, nextOffset, toEventRecord } from './kafkajs-records.ts';

describe('kafkajs record decoding', () => {
  it('turns a kafkajs message into an EventRecord with parsed JSON and string headers', () => {
    const record = toEventRecord('post.created', 2, {
      offset: '41',
      key: Buffer.from('author-1'),
      value: Buffer.from('{"eventId":"e1","n":3}'),
      headers: { 'event-id': Buffer.from('e1'), traceparent: '00-abc', repeated: [Buffer.from('first'), Buffer.from('second')] },
      timestamp: '0',
      attributes: 0,
    });
    expect(record).toEqual({
      topic: 'post.created',
      partition: 2,
      offset: '41',
      key: 'author-1',
      value: { eventId: 'e1', n: 3 },
      headers: { 'event-id': 'e1', traceparent: '00-abc', repeated: 'first' },
    });
  });

  it('keeps a non-JSON value as text and an absent one as null', () => {
    expect(decodeValue(Buffer.from('not json {'))).toBe('not json {');
    expect(decodeValue(null)).toBeNull();
    expect(decodeHeaders(undefined)).toEqual({});
    expect(decodeHeaders({ gone: undefined })).toEqual({});
  });

  it('commits the offset after the last processed one, beyond 2^53 too', () => {
    expect(nextOffset('0')).toBe('1');
    expect(nextOffset('9007199254740993')).toBe('9007199254740994');
  });

  it('splits batches into ordered chunks and refuses a chunk size below 1', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });
});
