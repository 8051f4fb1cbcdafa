import { loadConfig } from '../config/app-config.ts';
import { createNodeSqlPool } from '../postgres/adapters/node-pool.ts';
import { appendToOutbox } from './outbox-entry.ts';
import { defineOutboxStoreContract } from './outbox-store.contract.ts';

// The outbox store's SQL on the real Postgres: the contract the in-memory outbox passes too
// (`testing/in-memory-outbox.test.ts`). Rows live on topics of this run and are deleted after.
defineOutboxStoreContract('postgres', async () => {
  const sql = createNodeSqlPool({ url: loadConfig(process.env).database.url, poolSize: 3 });
  const signal = new AbortController().signal;
  const ids: string[] = [];
  return {
    sql,
    append: async (entry) => {
      ids.push(entry.id);
      await sql.transaction((tx) => appendToOutbox(tx, entry, signal));
    },
    attemptsOf: async (id) => {
      const [row] = await sql.query<{ attempts: number; lastError: string | null }>(
        'SELECT attempts, last_error AS "lastError" FROM outbox WHERE id = $1',
        [id],
      );
      return row;
    },
    close: async () => {
      await sql.query(`DELETE FROM outbox WHERE id = ANY(string_to_array($1::text, ',')::uuid[])`, [ids.join(',')]);
      await sql.close();
    },
  };
});
