import { describe, expect, it } from 'vitest';
import { formatUrlTable } from './url-table.ts';

describe('formatUrlTable', () => {
  it('aligns columns and leaves out READY when no row has it', () => {
    const table = formatUrlTable([
      { function: 'users', runtime: 'node', url: 'http://127.0.0.1:8081', health: 'http://127.0.0.1:8081/health/deep' },
      { function: 'timeline', runtime: 'node', url: 'http://127.0.0.1:8083', health: 'http://127.0.0.1:8083/health/deep' },
    ]);
    expect(table.split('\n')).toEqual([
      'FUNCTION  RUNTIME  URL                    HEALTH',
      'users     node     http://127.0.0.1:8081  http://127.0.0.1:8081/health/deep',
      'timeline  node     http://127.0.0.1:8083  http://127.0.0.1:8083/health/deep',
    ]);
  });

  it('shows READY when rows carry it', () => {
    const table = formatUrlTable([{ function: 'users', runtime: 'node', url: 'u', health: 'h', ready: 'yes' }]);
    expect(table.split('\n')[0]).toBe('FUNCTION  RUNTIME  URL  HEALTH  READY');
    expect(table.split('\n')[1]).toBe('users     node     u    h       yes');
  });
});
