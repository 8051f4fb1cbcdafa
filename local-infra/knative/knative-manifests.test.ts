import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { FUNCTIONS } from '#functions/registry.ts';
import { defineFunction } from '#shared/app/function-definition.ts';
import { DEFAULT_SCALING, scalingOf } from '#shared/app/scaling.ts';
import { limitsOf } from '#shared/app/platform-limits.ts';
import { LOCAL_DEFAULTS } from '#shared/config/local-defaults.ts';
import { healthRoutes } from '#shared/health/health-routes.ts';
import { createRouter } from '#shared/app/create-router.ts';
import { DEFAULT_AUTOSCALER_SETTINGS } from '../platform/autoscaler-settings.ts';
import { autoscalingAnnotations, goDuration, KnativeMappingError, KNATIVE_ANNOTATIONS, KPA_CLASS } from './autoscaling-annotations.ts';
import { HEALTH_PATHS, secretVariables } from './function-container.ts';
import { hasTriggers, knativeManifests } from './knative-manifests.ts';
import { expectedManifestFiles, MANIFESTS_DIR, staleManifestFiles } from './write-manifests.ts';

interface Container {
  env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  ports: { containerPort: number }[];
  resources: { limits: { memory: string } };
  readinessProbe: { httpGet: { path: string } };
  livenessProbe: { httpGet: { path: string } };
}
interface Doc {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    template: {
      metadata: { annotations?: Record<string, string> };
      spec: { containerConcurrency?: number; timeoutSeconds?: number; containers: Container[] };
    };
  };
}

async function committed(name: string): Promise<{ text: string; docs: Doc[] }> {
  const text = await readFile(join(MANIFESTS_DIR, `${name}.yaml`), 'utf8');
  return { text, docs: parseAllDocuments(text).map((doc) => doc.toJS() as Doc) };
}

function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing ${what}`);
  return value;
}

const containerOf = (doc: Doc): Container => defined(doc.spec.template.spec.containers[0], `container of ${doc.kind}`);

const envValue = (container: Container, name: string): string | undefined => container.env.find((e) => e.name === name)?.value;

describe('committed Knative manifests', () => {
  it('are exactly what the registry generates (npm run knative:manifests)', async () => {
    const expected = await expectedManifestFiles();
    expect([...expected.keys()].sort()).toEqual(FUNCTIONS.map((fn) => `${fn.name}.yaml`).sort());
    expect(await staleManifestFiles(expected)).toEqual([]);
  });

  describe.each(FUNCTIONS.map((fn) => [fn.name, fn] as const))('%s', (name, definition) => {
    it('scales as the registry says, with the platform-wide autoscaler settings', async () => {
      const { docs } = await committed(name);
      const service = docs.find((doc) => doc.kind === 'Service');
      expect(service?.apiVersion).toBe('serving.knative.dev/v1');
      expect(service?.metadata.name).toBe(name);
      const scaling = scalingOf(definition);
      const annotations = service?.spec.template.metadata.annotations ?? {};
      expect(annotations).toMatchObject({
        [KNATIVE_ANNOTATIONS.class]: KPA_CLASS,
        [KNATIVE_ANNOTATIONS.metric]: 'concurrency',
        [KNATIVE_ANNOTATIONS.minScale]: String(scaling.minInstances),
        [KNATIVE_ANNOTATIONS.maxScale]: String(scaling.maxInstances),
        [KNATIVE_ANNOTATIONS.target]: String(scaling.targetConcurrency),
        [KNATIVE_ANNOTATIONS.window]: `${DEFAULT_AUTOSCALER_SETTINGS.stableWindowMs / 1000}s`,
        [KNATIVE_ANNOTATIONS.targetUtilization]: String(DEFAULT_AUTOSCALER_SETTINGS.targetUtilization * 100),
      });
      expect(service?.spec.template.spec.containerConcurrency).toBe(scaling.maxConcurrency);
    });

    it("applies the function's limits: Knative's timeout after its wall time, its heap cap inside the memory limit", async () => {
      const { docs } = await committed(name);
      const limits = limitsOf(definition);
      const service = defined(
        docs.find((doc) => doc.kind === 'Service'),
        'Service',
      );
      expect(service.spec.template.spec.timeoutSeconds).toBeGreaterThan(limits.wallTimeMs / 1000);
      for (const doc of docs) {
        const container = containerOf(doc);
        expect(envValue(container, 'NODE_OPTIONS')).toBe(`--max-old-space-size=${limits.memoryMb}`);
        expect(Number.parseInt(container.resources.limits.memory, 10)).toBeGreaterThan(limits.memoryMb);
      }
    });

    it('serves this one function on the container port, probed on routes the function really has', async () => {
      const { docs } = await committed(name);
      const app = healthRoutes({ functionName: name, runtime: 'node', state: { draining: false, startedAt: '' }, checks: () => [] });
      for (const doc of docs) {
        const container = containerOf(doc);
        expect(envValue(container, 'ATLAS_FUNCTION')).toBe(name);
        expect(envValue(container, 'ATLAS_ENV')).toBe('production');
        expect(container.ports).toEqual([expect.objectContaining({ containerPort: 8080 })]);
        expect(container.readinessProbe.httpGet.path).toBe(HEALTH_PATHS.ready);
        expect(container.livenessProbe.httpGet.path).toBe(HEALTH_PATHS.live);
        expect((await app.request(container.readinessProbe.httpGet.path)).status).toBe(200);
        expect((await app.request(container.livenessProbe.httpGet.path)).status).toBe(200);
      }
    });

    it('references every secret from a Secret and inlines no development credential', async () => {
      const { text, docs } = await committed(name);
      for (const doc of docs) {
        const container = containerOf(doc);
        for (const variable of secretVariables()) {
          const entry = container.env.find((e) => e.name === variable);
          expect(entry, variable).toEqual({ name: variable, valueFrom: { secretKeyRef: { name: 'atlas-edge-secrets', key: variable } } });
        }
      }
      const credentials = [
        LOCAL_DEFAULTS.JWT_SECRET,
        LOCAL_DEFAULTS.EVENTS_PUSH_TOKEN,
        LOCAL_DEFAULTS.METRICS_PUSH_TOKEN,
        LOCAL_DEFAULTS.REDIS_REST_TOKEN,
        LOCAL_DEFAULTS.MINIO_ROOT_PASSWORD,
      ];
      for (const credential of credentials) expect(text).not.toContain(credential);
    });

    it('runs event consumers and schedules in one always-on pod, never in the instances that scale to zero', async () => {
      const { docs } = await committed(name);
      const service = docs.find((doc) => doc.kind === 'Service');
      expect(envValue(containerOf(defined(service, 'Service')), 'ATLAS_TRIGGERS')).toBe('0');
      const deployment = docs.find((doc) => doc.kind === 'Deployment');
      expect(deployment !== undefined).toBe(hasTriggers(definition));
      if (deployment) expect(envValue(containerOf(deployment), 'ATLAS_TRIGGERS')).toBe('1');
    });
  });

  it('covers every credential production mode checks, the database URL included', () => {
    expect(secretVariables()).toEqual(expect.arrayContaining(['DATABASE_URL', 'JWT_SECRET', 'S3_SECRET_ACCESS_KEY', 'EVENTS_PUSH_TOKEN']));
  });
});

describe('knativeManifests', () => {
  const custom = defineFunction({
    name: 'reports',
    nodePort: 8099,
    routePrefixes: ['/reports'],
    requires: [],
    routes: () => createRouter(),
    scaling: { minInstances: 1, maxInstances: 7, targetConcurrency: 4, maxConcurrency: 8 },
  });

  it("follows a function's own scaling, not the defaults", () => {
    const [manifest] = knativeManifests([custom], DEFAULT_AUTOSCALER_SETTINGS, { image: 'registry.example/atlas:1' });
    const documents = defined(manifest, 'manifest').documents;
    const service = documents[0] as unknown as Doc;
    expect(documents).toHaveLength(1);
    expect(service.spec.template.spec.containerConcurrency).toBe(8);
    expect(service.spec.template.metadata.annotations).toMatchObject({
      [KNATIVE_ANNOTATIONS.minScale]: '1',
      [KNATIVE_ANNOTATIONS.maxScale]: '7',
      [KNATIVE_ANNOTATIONS.target]: '4',
    });
    expect(containerOf(service)).toMatchObject({ image: 'registry.example/atlas:1' });
  });
});

describe('autoscalingAnnotations', () => {
  const scaling = DEFAULT_SCALING;

  it('expresses the panic window and threshold as Knative percentages', () => {
    const annotations = autoscalingAnnotations(scaling, {
      ...DEFAULT_AUTOSCALER_SETTINGS,
      stableWindowMs: 60_000,
      panicWindowMs: 6_000,
      panicThreshold: 2.5,
    });
    expect(annotations[KNATIVE_ANNOTATIONS.window]).toBe('60s');
    expect(annotations[KNATIVE_ANNOTATIONS.panicWindow]).toBe('10');
    expect(annotations[KNATIVE_ANNOTATIONS.panicThreshold]).toBe('250');
  });

  it('keeps the last pod for the idle time the local platform waits beyond the stable window', () => {
    const annotations = autoscalingAnnotations(scaling, {
      ...DEFAULT_AUTOSCALER_SETTINGS,
      stableWindowMs: 30_000,
      scaleToZeroAfterMs: 45_500,
    });
    expect(annotations[KNATIVE_ANNOTATIONS.scaleToZeroRetention]).toBe('15500ms');
    expect(
      autoscalingAnnotations(scaling, { ...DEFAULT_AUTOSCALER_SETTINGS, scaleToZeroAfterMs: 1_000 })[
        KNATIVE_ANNOTATIONS.scaleToZeroRetention
      ],
    ).toBe('0s');
  });

  it.each([
    ['a stable window Knative refuses (under 6 s)', { stableWindowMs: 3_000, panicWindowMs: 300 }],
    ['a panic threshold at or under 110%', { panicThreshold: 1.05 }],
  ])('refuses %s', (_what, change) => {
    expect(() => autoscalingAnnotations(scaling, { ...DEFAULT_AUTOSCALER_SETTINGS, ...change })).toThrow(KnativeMappingError);
  });

  it('refuses a minimum above the maximum and a target above the hard cap', () => {
    expect(() => autoscalingAnnotations({ ...scaling, minInstances: 3, maxInstances: 2 }, DEFAULT_AUTOSCALER_SETTINGS)).toThrow(
      /minInstances/,
    );
    expect(() => autoscalingAnnotations({ ...scaling, targetConcurrency: 200, maxConcurrency: 100 }, DEFAULT_AUTOSCALER_SETTINGS)).toThrow(
      /targetConcurrency/,
    );
  });

  it('writes durations as Go durations', () => {
    expect([goDuration(0), goDuration(30_000), goDuration(1_500)]).toEqual(['0s', '30s', '1500ms']);
  });
});
