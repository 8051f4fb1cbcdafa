import { defineConfig } from 'vitest/config';

/**
 * Test projects (see docs/testing.md):
 * - unit:        pure logic, fake timers and in-memory fakes, no services;
 * - integration: real Postgres, Redis, Kafka, MinIO, Prometheus, brought up by globalSetup;
 *                files run one at a time because some stop and start services;
 * - http-node / http-workerd: the same `*.http.test.ts` suites against functions served by
 *                `@hono/node-server` and by workerd (Miniflare serving the wrangler bundle).
 */
const ignored = ['node_modules/**', 'dist/**', '.wrangler/**', '.state/**'];

// Functions served inside tests log one access line per request at `info`; keep test output to
// warnings and errors unless a run asks for more (LOG_LEVEL=info npm test).
process.env['LOG_LEVEL'] ??= 'warn';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{functions,shared,local-infra,load}/**/*.test.ts'],
          exclude: [...ignored, '**/*.int.test.ts', '**/*.http.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{functions,shared,local-infra,load}/**/*.int.test.ts'],
          exclude: ignored,
          globalSetup: ['local-infra/testing/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'http-node',
          include: ['functions/**/*.http.test.ts'],
          exclude: ignored,
          globalSetup: ['local-infra/testing/http-node.global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'http-workerd',
          include: ['functions/**/*.http.test.ts'],
          exclude: ignored,
          globalSetup: ['local-infra/testing/http-workerd.global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
