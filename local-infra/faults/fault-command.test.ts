import { describe, expect, it } from 'vitest';
import { FaultUsageError, parseDuration, parseFaultCommand } from './fault-command.ts';

describe('parseFaultCommand', () => {
  it('turns latency with jitter into a latency toxic in milliseconds', () => {
    expect(parseFaultCommand(['redis', 'latency', '1.5s', '50ms'])).toEqual({
      kind: 'toxic',
      target: 'redis',
      toxic: { name: 'atlas-latency', type: 'latency', stream: 'downstream', attributes: { latency: 1500, jitter: 50 } },
    });
  });

  it('maps timeout, reset, bandwidth and slow-close to their Toxiproxy types', () => {
    const type = (args: string[]): string | undefined => {
      const command = parseFaultCommand(args);
      return command.kind === 'toxic' ? command.toxic.type : undefined;
    };
    expect(type(['postgres', 'timeout'])).toBe('timeout');
    expect(type(['kafka', 'reset'])).toBe('reset_peer');
    expect(type(['minio', 'bandwidth', '20'])).toBe('bandwidth');
    expect(type(['redis-rest', 'slow-close', '200ms'])).toBe('slow_close');
  });

  it('accepts list, reset-all, down, up and clear', () => {
    expect(parseFaultCommand(['list'])).toEqual({ kind: 'list' });
    expect(parseFaultCommand(['reset-all'])).toEqual({ kind: 'reset-all' });
    expect(parseFaultCommand(['minio', 'down'])).toEqual({ kind: 'down', target: 'minio' });
  });

  it.each([
    [['nosuch', 'down'], /unknown service "nosuch"/],
    [['redis', 'explode'], /unknown fault "explode"/],
    [['redis'], /no fault named/],
    [['redis', 'latency', 'fast'], /duration like 300ms/],
    [['redis', 'bandwidth', '-3'], /whole number of kB\/s/],
    [['redis', 'down', 'now'], /unexpected "now"/],
    [['list', 'x'], /takes no arguments/],
  ])('rejects %j with a clear message', (args, message) => {
    expect(() => parseFaultCommand(args)).toThrow(FaultUsageError);
    expect(() => parseFaultCommand(args)).toThrow(message);
  });

  it('parses plain numbers as milliseconds', () => {
    expect(parseDuration('300', 'latency')).toBe(300);
  });
});
