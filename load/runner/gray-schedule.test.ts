import { describe, expect, it } from 'vitest';
import { deepProblems } from './green-probe.ts';
import { DEFAULT_GRAY_TIMING, GRAY_FAULTS, grayScheduleSeconds, selectGrayFaults } from './gray-schedule.ts';
import { postBody } from './slow-clients.ts';

describe('the gray schedule', () => {
  it('stays under about five minutes with the default timing', () => {
    expect(grayScheduleSeconds(GRAY_FAULTS, DEFAULT_GRAY_TIMING)).toBeLessThanOrEqual(310);
  });

  it('covers latency below and above an attempt timeout, a stall, a thin link, resets and slow clients', () => {
    const types = GRAY_FAULTS.map((fault) => fault.toxic?.type ?? `slow ${fault.slowClients?.endpoint ?? ''}`);
    expect(new Set(types)).toEqual(new Set(['latency', 'timeout', 'bandwidth', 'reset_peer', 'slow media', 'slow posts']));
  });

  it('selects faults by words of their names', () => {
    expect(selectGrayFaults('slow').map((fault) => fault.name)).toEqual(['slow clients POST /media', 'slow clients POST /posts']);
    expect(selectGrayFaults(undefined)).toHaveLength(GRAY_FAULTS.length);
  });
});

describe('deepProblems', () => {
  it('names failing checks and breakers that are not closed', () => {
    const body = {
      checks: {
        postgres: { status: 'pass', details: { breaker: 'closed' } },
        redis: { status: 'pass', details: { breaker: 'half-open' } },
        kafka: { status: 'fail', error: 'circuit open' },
      },
    };
    expect(deepProblems(body)).toEqual(['redis breaker half-open', 'kafka fail (circuit open)']);
    expect(deepProblems({ checks: { postgres: { status: 'pass', details: { breaker: 'closed' } } } })).toEqual([]);
  });
});

describe('postBody', () => {
  it('is valid JSON of the asked size', () => {
    const body = postBody(200);
    expect(body.byteLength).toBe(200);
    expect(JSON.parse(new TextDecoder().decode(body))).toHaveProperty('text');
  });
});
