import { describe, expect, it } from 'vitest';
import { createLogger, parseLogLevel } from './logger.ts';

describe('createLogger', () => {
  it('writes one JSON object per line with base and child fields, honouring the level', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', base: { function: 'users' }, sink: (l) => lines.push(l), now: () => 0 });
    logger.debug('hidden');
    logger.child({ requestId: 'r1' }).warn('slow', { ms: 5 });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { time: '1970-01-01T00:00:00.000Z', level: 'warn', msg: 'slow', function: 'users', requestId: 'r1', ms: 5 },
    ]);
    expect(logger.isEnabled('debug')).toBe(false);
  });

  it('survives unserialisable fields and parses LOG_LEVEL leniently', () => {
    const lines: string[] = [];
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    createLogger({ sink: (l) => lines.push(l) }).error('x', { cyclic });
    expect(JSON.parse(lines[0] as string).logError).toBe('unserialisable fields');
    expect(parseLogLevel(' WARN ')).toBe('warn');
    expect(parseLogLevel('verbose')).toBe('info');
    expect(parseLogLevel(undefined, 'silent')).toBe('silent');
  });
});
