import { describe, expect, it } from 'vitest';
import { extractPropagation, kafkaHeaders, propagationHeaders } from './propagation.ts';
import { continueTrace, formatTraceparent, newSpanId, newTraceId, parseTraceparent } from './trace-context.ts';

describe('trace context', () => {
  it('parses valid traceparents and rejects invalid ones', () => {
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentSpanId: '00f067aa0ba902b7',
      flags: 1,
    });
    for (const bad of [
      undefined,
      '',
      'garbage',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra',
    ]) {
      expect(parseTraceparent(bad)).toBeUndefined();
    }
    // Future versions may append fields.
    expect(parseTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-more')?.flags).toBe(0);
  });

  it('generates well-formed distinct ids and round-trips through format/parse', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newTraceId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(newSpanId()).toMatch(/^[0-9a-f]{16}$/);
    const trace = continueTrace(undefined);
    expect(parseTraceparent(formatTraceparent(trace))).toEqual({ traceId: trace.traceId, parentSpanId: trace.spanId, flags: 1 });
  });

  it('propagates through HTTP headers and Kafka record headers (Buffer values)', () => {
    const trace = continueTrace(undefined);
    const http = propagationHeaders({ requestId: 'req-1', trace, deadlineAt: 1234.9 });
    expect(http).toEqual({ 'x-request-id': 'req-1', traceparent: formatTraceparent(trace), 'x-request-deadline': '1234' });
    const kafka = kafkaHeaders({ requestId: 'req-1', trace });
    expect(kafka['x-request-deadline']).toBeUndefined();
    const record = Object.fromEntries(Object.entries(kafka).map(([k, v]) => [k, new TextEncoder().encode(v)]));
    const consumer = extractPropagation(record);
    expect(consumer.requestId).toBe('req-1');
    expect(consumer.trace.traceId).toBe(trace.traceId);
    expect(consumer.trace.parentSpanId).toBe(trace.spanId);
    expect(extractPropagation(new Headers({ 'x-request-id': 'bad id!' })).requestId).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
  });
});

describe('newRequestId', () => {
  it('is unique and stable in shape', async () => {
    const { newRequestId, isValidRequestId } = await import('./propagation.ts');
    const ids = Array.from({ length: 10_000 }, () => newRequestId());
    expect(new Set(ids).size).toBe(10_000);
    expect(ids.every((id) => isValidRequestId(id))).toBe(true);
    expect(new Set(ids.map((id) => id.split('-')[0])).size).toBe(1);
  });
});
