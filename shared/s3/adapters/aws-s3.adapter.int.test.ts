import { loadConfig } from '#shared/config/app-config.ts';
import { nodeUploadBody } from '#shared/runtime/node/node-upload-body.ts';
import { defineObjectStoreContract } from '../object-store.contract.ts';
import { createS3ObjectStore } from './aws-s3.adapter.ts';

// The S3 adapter against the real MinIO: the contract the in-memory store passes too
// (`testing/in-memory-object-store.test.ts`).
defineObjectStoreContract('aws-s3', {
  connect: () => createS3ObjectStore({ ...loadConfig(process.env).s3, uploadBody: nodeUploadBody }),
  fetchPresigned: (_store, url) => fetch(url, { signal: AbortSignal.timeout(5000) }),
});
