import { describe, expect, it } from 'vitest';
import type { SqlClient } from '../../postgres/sql.port.ts';
import { deferSqlClient } from './deferred-sql-client.ts';

function fakeClient(log: string[]): SqlClient {
  return {
    query: async (text) => {
      log.push(`query ${text}`);
      return [{ ok: 1 }];
    },
    transaction: async (work) => work({ query: async () => [] }),
    ping: async () => void log.push('ping'),
  };
}

describe('deferSqlClient', () => {
  it('opens nothing while the port is only read', () => {
    let opened = 0;
    const port = deferSqlClient(() => {
      opened += 1;
      return fakeClient([]);
    });
    const { query, transaction, ping } = port;
    expect([query, transaction, ping].every((method) => typeof method === 'function')).toBe(true);
    expect(opened).toBe(0);
  });

  it('opens one client on the first call and reuses it for every later call', async () => {
    const log: string[] = [];
    let opened = 0;
    const port = deferSqlClient(() => {
      opened += 1;
      return fakeClient(log);
    });
    expect(await port.query('select 1', [], {})).toEqual([{ ok: 1 }]);
    await port.ping(new AbortController().signal);
    expect(await port.transaction(async () => 'done')).toBe('done');
    expect(opened).toBe(1);
    expect(log).toEqual(['query select 1', 'ping']);
  });
});
