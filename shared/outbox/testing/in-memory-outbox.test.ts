import { defineOutboxStoreContract } from '../outbox-store.contract.ts';
import { inMemoryOutbox } from './in-memory-outbox.ts';

// The in-memory outbox the relay's unit tests use, held to the contract Postgres passes
// (`outbox-store.int.test.ts`).
defineOutboxStoreContract('in-memory', async () => {
  const outbox = inMemoryOutbox();
  return {
    sql: outbox.sql,
    append: async (entry) => outbox.append(entry),
    attemptsOf: async (id) => outbox.attemptsOf(id),
    close: async () => undefined,
  };
});
