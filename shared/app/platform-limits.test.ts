import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/app-config.ts';
import { DEFAULT_LIMITS, limitsOf } from './platform-limits.ts';

describe('limitsOf', () => {
  it("gives production's figures when the function sets nothing", () => {
    expect(limitsOf({})).toEqual({ wallTimeMs: 30_000, memoryMb: 128, subrequests: 1_000 });
    expect(limitsOf({})).toEqual(DEFAULT_LIMITS);
  });

  it("takes the definition's own limits over the defaults, one by one", () => {
    expect(limitsOf({ limits: { subrequests: 50 } })).toEqual({ ...DEFAULT_LIMITS, subrequests: 50 });
  });

  it('lets the environment override the definition (a deployment setting)', () => {
    const env = { LIMIT_SUBREQUESTS: '2', LIMIT_WALL_TIME_MS: ' 5000 ', LIMIT_MEMORY_MB: '' };
    expect(limitsOf({ limits: { subrequests: 50, memoryMb: 256 } }, env)).toEqual({ wallTimeMs: 5_000, memoryMb: 256, subrequests: 2 });
  });

  it('accepts zero subrequests but not zero wall time or memory', () => {
    expect(limitsOf({}, { LIMIT_SUBREQUESTS: '0' }).subrequests).toBe(0);
    expect(() => limitsOf({}, { LIMIT_WALL_TIME_MS: '0' })).toThrow(ConfigError);
  });

  it('names every unusable variable at once', () => {
    let caught: unknown;
    try {
      limitsOf({}, { LIMIT_SUBREQUESTS: 'many', LIMIT_MEMORY_MB: '-1', LIMIT_WALL_TIME_MS: '1.5' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const issues = (caught as ConfigError).issues.join('\n');
    for (const name of ['LIMIT_SUBREQUESTS', 'LIMIT_MEMORY_MB', 'LIMIT_WALL_TIME_MS']) expect(issues).toContain(name);
  });
});
