import { describe, expect, it } from 'vitest';
import { parsePushPayload, PushPayloadError } from './push-payload.ts';
import { SimulatedInstance } from './testing/simulated-instance.ts';

describe('parsePushPayload', () => {
  it('accepts what prom-client getMetricsAsJSON produces and normalises le to strings', async () => {
    const inst = new SimulatedInstance({ id: 'w-1', fn: 'timeline', runtime: 'workerd', startedAt: 123 });
    inst.duration.observe({ function: 'timeline', route: '/t', method: 'GET' }, 0.2);
    const payload = parsePushPayload(await inst.payload());
    expect(payload.instance).toEqual({ id: 'w-1', function: 'timeline', runtime: 'workerd', startedAt: 123 });
    const hist = payload.metrics.find((m) => m.name === 'http_request_duration_seconds');
    expect(hist?.values.map((v) => v.labels.le).filter(Boolean)).toEqual(['0.01', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf']);
    expect(payload.metrics.find((m) => m.name === 'circuit_breaker_state')?.aggregator).toBe('max');
  });

  it('accepts an ISO startedAt', () => {
    const p = parsePushPayload({ instance: { id: 'x', function: 'f', runtime: 'node', startedAt: '2026-01-02T03:04:05Z' }, metrics: [] });
    expect(p.instance.startedAt).toBe(Date.parse('2026-01-02T03:04:05Z'));
  });

  it.each([
    ['no instance', { metrics: [] }, 'instance'],
    ['unknown runtime', { instance: { id: 'x', function: 'f', runtime: 'deno', startedAt: 1 }, metrics: [] }, 'instance.runtime'],
    [
      'bad metric name',
      {
        instance: { id: 'x', function: 'f', runtime: 'node', startedAt: 1 },
        metrics: [{ name: 'a-b', help: '', type: 'counter', values: [] }],
      },
      'metrics.0.name',
    ],
    [
      'bad label name',
      {
        instance: { id: 'x', function: 'f', runtime: 'node', startedAt: 1 },
        metrics: [{ name: 'a', help: '', type: 'counter', values: [{ value: 1, labels: { 'x-y': 'v' } }] }],
      },
      'metrics.0.values.0.labels.x-y',
    ],
    [
      'unknown aggregator',
      {
        instance: { id: 'x', function: 'f', runtime: 'node', startedAt: 1 },
        metrics: [{ name: 'a', help: '', type: 'gauge', aggregator: 'median', values: [] }],
      },
      'metrics.0.aggregator',
    ],
    [
      'value not a number',
      {
        instance: { id: 'x', function: 'f', runtime: 'node', startedAt: 1 },
        metrics: [{ name: 'a', help: '', type: 'gauge', values: [{ value: null, labels: {} }] }],
      },
      'metrics.0.values.0.value',
    ],
  ])('rejects %s naming the field', (_, body, path) => {
    try {
      parsePushPayload(body);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PushPayloadError);
      expect((error as PushPayloadError).fields.map((f) => f.path)).toContain(path);
    }
  });

  it('rejects a family pushed twice', () => {
    const family = { name: 'a', help: '', type: 'counter', values: [] };
    expect(() =>
      parsePushPayload({ instance: { id: 'x', function: 'f', runtime: 'node', startedAt: 1 }, metrics: [family, family] }),
    ).toThrow(PushPayloadError);
  });
});
