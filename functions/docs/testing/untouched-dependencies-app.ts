import { createFunctionApp } from '#shared/app/create-function-app.ts';
import type { Dependencies } from '#shared/app/dependencies.ts';
import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import { createHealthState } from '#shared/health/health-state.ts';

/**
 * A function's app whose dependencies fail if touched, for tests of requests that must end
 * before any handler reaches Postgres, Redis, Kafka or S3 (routing, 405s, auth, validation).
 */
export function appWithUntouchedDependencies(definition: FunctionDefinition) {
  const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('dependency not expected in this test')) });
  // A Proxy stands in for every port at once; no method of it is meant to be reached.
  const deps = { sql: unused, redis: unused, kafka: unused, objectStore: unused } as unknown as Dependencies;
  return createFunctionApp(definition, {
    name: 'node',
    dependencies: { open: () => ({ deps, release: () => undefined }) },
    healthState: createHealthState(),
    auth: () => ({ secret: 'a-test-secret-of-at-least-32-bytes!!' }),
  });
}
