import type { KafkaMessage } from 'kafkajs';
import type { EventHeaders, EventRecord } from '../../app/triggers.ts';

const utf8 = new TextDecoder();

const text = (value: Buffer | string | null | undefined): string | null => {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : utf8.decode(value);
};

/** Header values as strings; a repeated header keeps its first value. */
export function decodeHeaders(headers: KafkaMessage['headers']): EventHeaders {
  const decoded: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const first = Array.isArray(raw) ? raw[0] : raw;
    const value = text(first as Buffer | string | undefined);
    if (value !== null) decoded[name] = value;
  }
  return decoded;
}

/** The value parsed as JSON, else its raw text (handlers validate and skip), `null` if absent. */
export function decodeValue(value: Buffer | null): unknown {
  const raw = text(value);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** A kafkajs message as the trigger API's {@link EventRecord}. */
export function toEventRecord(topic: string, partition: number, message: KafkaMessage): EventRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: text(message.key),
    value: decodeValue(message.value),
    headers: decodeHeaders(message.headers),
  };
}

/** The offset to commit after `offset` was processed (Kafka commits the NEXT offset to read). */
export function nextOffset(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}

/** Splits records into chunks of at most `size`, keeping order. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1)) throw new RangeError(`chunk size must be >= 1, got ${size}`);
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
