import { defineObjectStoreContract } from '../object-store.contract.ts';
import { createInMemoryObjectStore, type InMemoryObjectStore } from './in-memory-object-store.ts';

// The in-memory store, held to the contract the S3 adapter passes against MinIO
// (`adapters/aws-s3.adapter.int.test.ts`).
defineObjectStoreContract('in-memory', {
  connect: () => createInMemoryObjectStore(),
  fetchPresigned: async (store, url) => (store as InMemoryObjectStore).serve(url),
});
