import { describe, expect, it } from 'vitest';
import { cpuSplit, onCpus, pinModes } from './cpu-affinity.ts';

describe('cpu split of a benchmark', () => {
  it('gives core 0 to the load generator and the rest to the server', () => {
    expect(cpuSplit(2)).toEqual({ loadCpus: '0', serverCpus: '1', allCpus: '0-1' });
    expect(cpuSplit(8)).toEqual({ loadCpus: '0', serverCpus: '1-7', allCpus: '0-7' });
    expect(cpuSplit(1)).toBeUndefined();
  });

  it('runs unpinned then pinned by default, one mode on request, and only unpinned on one core', () => {
    expect(pinModes({}, cpuSplit(2))).toEqual(['unpinned', 'pinned']);
    expect(pinModes({ BENCH_PIN: 'pinned' }, cpuSplit(2))).toEqual(['pinned']);
    expect(pinModes({ BENCH_PIN: 'both' }, cpuSplit(1))).toEqual(['unpinned']);
    expect(() => pinModes({ BENCH_PIN: 'yes' }, cpuSplit(2))).toThrow('BENCH_PIN must be both, pinned or unpinned');
  });

  it('prefixes a command with taskset only when pinned', () => {
    expect(onCpus('0', 'k6', ['run', 'x.js'])).toEqual(['taskset', ['--cpu-list', '0', 'k6', 'run', 'x.js']]);
    expect(onCpus(undefined, 'k6', ['run'])).toEqual(['k6', ['run']]);
  });
});
