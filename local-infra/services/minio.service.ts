import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { InfraConfig } from './config.ts';
import { buildGoProgram } from './go-build.ts';
import { defineProcessService } from './process-service.ts';
import type { ServiceDefinition } from './types.ts';

/** MinIO's Go module at a pinned pseudo-version (its documented source install). */
export const MINIO_MODULE = 'github.com/minio/minio';
export const MINIO_VERSION = 'v0.0.0-20260212201848-7aac2a2c5b7c';

/** The built binary, cached per version outside the checkout. */
export function minioBinary(config: InfraConfig): string {
  return join(config.cacheDir, `minio-${MINIO_VERSION}`, 'minio');
}

/** S3 client for the instance (checksums only when required: S3-compatible servers may reject CRC32). */
export function minioS3Client(config: InfraConfig): S3Client {
  return new S3Client({
    endpoint: `http://127.0.0.1:${config.port('MINIO_PORT')}`,
    region: config.setting('S3_REGION'),
    forcePathStyle: true,
    credentials: { accessKeyId: config.setting('MINIO_ROOT_USER'), secretAccessKey: config.setting('MINIO_ROOT_PASSWORD') },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
}

/** Environment of the MinIO server (compose passes the same names; compose-sync.test checks). */
export function minioEnv(config: InfraConfig): Record<string, string> {
  return {
    MINIO_ROOT_USER: config.setting('MINIO_ROOT_USER'),
    MINIO_ROOT_PASSWORD: config.setting('MINIO_ROOT_PASSWORD'),
    // No phoning home for updates, no console redirects to a public URL.
    MINIO_UPDATE: 'off',
    MINIO_BROWSER_REDIRECT: 'off',
  };
}

/** MinIO server built from source with `go install`, bucket created by the project. */
export function createMinioService(config: InfraConfig): ServiceDefinition {
  const port = config.port('MINIO_PORT');
  const consolePort = config.port('MINIO_CONSOLE_PORT');
  const dataDir = join(config.stateDir, 'minio', 'data');
  const binary = minioBinary(config);
  return defineProcessService({
    name: 'minio',
    config,
    ports: [
      { setting: 'MINIO_PORT', port },
      { setting: 'MINIO_CONSOLE_PORT', port: consolePort },
    ],
    healthTimeoutMs: 30_000,
    stopGraceMs: 10_000,
    async install({ progress, signal }) {
      if (existsSync(binary)) return;
      await buildGoProgram(
        { name: 'minio', installPath: MINIO_MODULE, version: MINIO_VERSION, binary, expected: 'several minutes', port },
        progress,
        signal,
      );
    },
    async prepare() {
      await mkdir(dataDir, { recursive: true });
    },
    launch: () => ({
      command: binary,
      args: ['server', dataDir, '--address', `127.0.0.1:${port}`, '--console-address', `127.0.0.1:${consolePort}`, '--quiet'],
      env: minioEnv(config),
      cwd: join(dataDir, '..'),
    }),
    async probe(signal) {
      const response = await fetch(`http://127.0.0.1:${port}/minio/health/ready`, { signal });
      if (!response.ok) throw new Error(`GET /minio/health/ready -> ${response.status}`);
    },
    async provision({ signal }) {
      const s3 = minioS3Client(config);
      const Bucket = config.setting('S3_BUCKET');
      try {
        await s3.send(new HeadBucketCommand({ Bucket }), { abortSignal: signal });
      } catch (error) {
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw error;
        await s3.send(new CreateBucketCommand({ Bucket }), { abortSignal: signal });
      } finally {
        s3.destroy();
      }
    },
  });
}
