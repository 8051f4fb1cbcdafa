import type { FunctionDefinition } from '../../shared/app/function-definition.ts';
import { limitsOf } from '../../shared/app/platform-limits.ts';
import { developmentDefaultsInEffect } from '../../shared/config/production-guard.ts';
import { DEFAULT_CONTAINER_PORT } from './function-selection.ts';

/** Names the manifests use for what the cluster must hold beside them. */
export interface ClusterObjects {
  /** Secret holding every credential, one key per variable (`kubectl create secret generic`). */
  readonly secretName: string;
  /** ConfigMap with the non-secret connection settings (REDIS_URL, KAFKA_BROKERS, S3_ENDPOINT...). */
  readonly configMapName: string;
}

/** Health routes every function serves (shared/health/health-routes.ts). */
export const HEALTH_PATHS = { ready: '/health/ready', live: '/health/live' } as const;

/**
 * Variables that hold credentials: with none of them set, production mode finds every one at
 * its committed development value (production-guard.ts), so this is exactly the list a
 * production deployment must supply, and never inline.
 */
export function secretVariables(): readonly string[] {
  return [...developmentDefaultsInEffect({})].sort();
}

/**
 * Memory beyond the V8 heap a Node process needs (code, new space, buffers, native modules):
 * the function's `memoryMb` caps the heap, the container limit adds this on top, so the heap
 * limit (a clean out-of-memory error) is reached before the kernel's OOM kill.
 */
export const NODE_MEMORY_OVERHEAD_MB = 128;

type EnvVar = { name: string; value: string } | { name: string; valueFrom: { secretKeyRef: { name: string; key: string } } };

/** Environment of a function container: selection, production mode, secrets by reference. */
export function containerEnv(definition: FunctionDefinition, objects: ClusterObjects, triggers: boolean): EnvVar[] {
  return [
    { name: 'ATLAS_FUNCTION', value: definition.name },
    { name: 'ATLAS_ENV', value: 'production' },
    { name: 'ATLAS_TRIGGERS', value: triggers ? '1' : '0' },
    { name: 'NODE_OPTIONS', value: `--max-old-space-size=${limitsOf(definition).memoryMb}` },
    ...secretVariables().map((name) => ({ name, valueFrom: { secretKeyRef: { name: objects.secretName, key: name } } })),
  ];
}

/** The container's memory request and limit: the function's heap cap plus Node's overhead. */
export function containerMemory(definition: FunctionDefinition): string {
  return `${limitsOf(definition).memoryMb + NODE_MEMORY_OVERHEAD_MB}Mi`;
}

/** Options of {@link functionContainer}. */
export interface FunctionContainerOptions {
  readonly image: string;
  readonly objects: ClusterObjects;
  /** Run the function's event consumers and schedules in this container too. */
  readonly triggers: boolean;
  /**
   * Name the port in the probes. Knative probes the serving port itself and refuses another;
   * a plain Deployment needs it spelled out.
   */
  readonly probePort: boolean;
}

/** The container of one function: the Node host image, one function, probes on the health routes. */
export function functionContainer(definition: FunctionDefinition, options: FunctionContainerOptions): Record<string, unknown> {
  const port = options.probePort ? { port: DEFAULT_CONTAINER_PORT } : {};
  return {
    name: 'function',
    image: options.image,
    ports: [{ name: options.probePort ? 'http' : 'http1', containerPort: DEFAULT_CONTAINER_PORT }],
    env: containerEnv(definition, options.objects, options.triggers),
    envFrom: [{ configMapRef: { name: options.objects.configMapName } }],
    resources: { requests: { memory: containerMemory(definition) }, limits: { memory: containerMemory(definition) } },
    // Readiness follows the function's required dependencies and turns 503 while draining, so
    // traffic leaves an instance before it stops; liveness only says the process can answer.
    readinessProbe: { httpGet: { path: HEALTH_PATHS.ready, ...port }, periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 2 },
    livenessProbe: { httpGet: { path: HEALTH_PATHS.live, ...port }, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 },
    securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
  };
}
