import { describe, expect, it } from 'vitest';
import { meterBody, peekBody, UploadBodyError } from './upload-body.ts';

/** A stream that hands out `chunks` one pull at a time and records how far it was read. */
function source(chunks: Uint8Array[], onPull?: (index: number) => void): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        onPull?.(index);
        const chunk = chunks[index++];
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<number[]> {
  const out: number[] = [];
  for await (const chunk of stream) out.push(...chunk);
  return out;
}

const chunk = (from: number, length: number): Uint8Array => Uint8Array.from({ length }, (_, i) => (from + i) & 0xff);

describe('peekBody', () => {
  it('reads only the chunks needed for the head, then replays everything in order', async () => {
    const pulls: number[] = [];
    const peeked = await peekBody(
      source([chunk(0, 5), chunk(5, 5), chunk(10, 5), chunk(15, 5)], (i) => pulls.push(i)),
      8,
    );
    expect([...peeked.head]).toEqual([...chunk(0, 10)]);
    expect(pulls).toEqual([0, 1]);
    expect(await readAll(peeked.stream)).toEqual([...chunk(0, 20)]);
  });

  it('gives a short body whole', async () => {
    const peeked = await peekBody(source([chunk(0, 3)]), 12);
    expect(peeked.head.byteLength).toBe(3);
    expect(await readAll(peeked.stream)).toEqual([0, 1, 2]);
  });
});

describe('meterBody', () => {
  it('passes a body of the declared length through and counts it', async () => {
    const metered = meterBody(source([chunk(0, 4), chunk(4, 4)]), { maxBytes: 100, expectedBytes: 8 });
    expect(await readAll(metered.stream)).toHaveLength(8);
    expect(metered.bytes()).toBe(8);
    expect(metered.violation()).toBeUndefined();
  });

  it('fails the stream as soon as it passes the limit, without reading further', async () => {
    const pulls: number[] = [];
    const metered = meterBody(
      source([chunk(0, 6), chunk(6, 6), chunk(12, 6), chunk(18, 6)], (i) => pulls.push(i)),
      { maxBytes: 10, expectedBytes: 24 },
    );
    await expect(readAll(metered.stream)).rejects.toBeInstanceOf(UploadBodyError);
    expect(metered.violation()?.code).toBe('too_large');
    expect(metered.bytes()).toBe(12);
    expect(pulls.length).toBeLessThanOrEqual(3);
  });

  it('fails a body longer than declared, and one that ends short', async () => {
    const long = meterBody(source([chunk(0, 6), chunk(6, 6)]), { maxBytes: 100, expectedBytes: 8 });
    await expect(readAll(long.stream)).rejects.toThrow(/declared 8 bytes/);
    expect(long.violation()?.code).toBe('incomplete');

    const short = meterBody(source([chunk(0, 6)]), { maxBytes: 100, expectedBytes: 8 });
    await expect(readAll(short.stream)).rejects.toThrow(/after 6 of 8/);
    expect(short.violation()?.code).toBe('incomplete');
  });
});
