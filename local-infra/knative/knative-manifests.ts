import { stringify } from 'yaml';
import type { FunctionDefinition } from '../../shared/app/function-definition.ts';
import { limitsOf } from '../../shared/app/platform-limits.ts';
import { scalingOf } from '../../shared/app/scaling.ts';
import type { AutoscalerSettings } from '../platform/autoscaler-settings.ts';
import { autoscalingAnnotations } from './autoscaling-annotations.ts';
import { functionContainer } from './function-container.ts';
import type { ClusterObjects } from './function-container.ts';

/** Options of {@link knativeManifests}. */
export interface KnativeManifestOptions {
  /** The Node host image (built from local-infra/knative/Containerfile). */
  readonly image: string;
  /** Default `atlas-edge-secrets` and `atlas-edge-config`. */
  readonly objects?: ClusterObjects;
  /** How long a stopping pod may drain, in seconds (default 30; the host drains for 10). */
  readonly terminationGracePeriodSeconds?: number;
}

/** The manifests of one function: its file name and the Kubernetes documents in it. */
export interface FunctionManifest {
  readonly functionName: string;
  /** `<function>.yaml`, under local-infra/knative/manifests/. */
  readonly fileName: string;
  readonly documents: readonly Record<string, unknown>[];
}

/**
 * Seconds Knative lets a request run beyond the function's own wall-time limit, so that the
 * function's 504 problem+json reaches the caller before Knative cuts the connection.
 */
export const REQUEST_TIMEOUT_MARGIN_SECONDS = 5;

export const DEFAULT_CLUSTER_OBJECTS: ClusterObjects = { secretName: 'atlas-edge-secrets', configMapName: 'atlas-edge-config' };

const PART_OF = 'atlas-edge';

function labels(definition: FunctionDefinition, component: string): Record<string, string> {
  return { 'app.kubernetes.io/name': definition.name, 'app.kubernetes.io/part-of': PART_OF, 'app.kubernetes.io/component': component };
}

/** True when the function has event consumers or schedules that must run without HTTP traffic. */
export function hasTriggers(definition: FunctionDefinition): boolean {
  return (definition.events?.length ?? 0) > 0 || (definition.schedules?.length ?? 0) > 0;
}

function knativeService(
  definition: FunctionDefinition,
  settings: AutoscalerSettings,
  options: KnativeManifestOptions,
): Record<string, unknown> {
  const scaling = scalingOf(definition);
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: definition.name, labels: labels(definition, 'http') },
    spec: {
      template: {
        metadata: { labels: labels(definition, 'http'), annotations: autoscalingAnnotations(scaling, settings) },
        spec: {
          // The hard cap per instance (the local platform's maxConcurrency). Past it Knative's
          // queue-proxy and activator queue the request; the local platform answers 429 instead.
          containerConcurrency: scaling.maxConcurrency,
          timeoutSeconds: Math.ceil(limitsOf(definition).wallTimeMs / 1000) + REQUEST_TIMEOUT_MARGIN_SECONDS,
          terminationGracePeriodSeconds: options.terminationGracePeriodSeconds ?? 30,
          containers: [
            functionContainer(definition, {
              image: options.image,
              objects: options.objects ?? DEFAULT_CLUSTER_OBJECTS,
              triggers: false,
              probePort: false,
            }),
          ],
        },
      },
    },
  };
}

/**
 * The event consumers and schedules of a function, in one always-on pod beside its autoscaled
 * HTTP instances: the local platform runs them in the platform process for the same reason (an
 * instance scaled to zero relays no outbox). Two pods during a rollout are safe: the outbox
 * relay claims rows with SKIP LOCKED and consumers share one Kafka group.
 */
function triggerDeployment(definition: FunctionDefinition, options: KnativeManifestOptions): Record<string, unknown> {
  const selector = labels(definition, 'triggers');
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `${definition.name}-triggers`, labels: selector },
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: selector },
        spec: {
          terminationGracePeriodSeconds: options.terminationGracePeriodSeconds ?? 30,
          containers: [
            functionContainer(definition, {
              image: options.image,
              objects: options.objects ?? DEFAULT_CLUSTER_OBJECTS,
              triggers: true,
              probePort: true,
            }),
          ],
        },
      },
    },
  };
}

/**
 * Kubernetes manifests of every function: a Knative Service (autoscaled HTTP instances) and,
 * for a function with triggers, a Deployment running them. Pure: same input, same documents.
 * @throws KnativeMappingError when a setting has no valid Knative equivalent.
 */
export function knativeManifests(
  definitions: readonly FunctionDefinition[],
  settings: AutoscalerSettings,
  options: KnativeManifestOptions,
): FunctionManifest[] {
  return definitions.map((definition) => ({
    functionName: definition.name,
    fileName: `${definition.name}.yaml`,
    documents: [
      knativeService(definition, settings, options),
      ...(hasTriggers(definition) ? [triggerDeployment(definition, options)] : []),
    ],
  }));
}

/** First line of every generated file. */
export const GENERATED_HEADER =
  '# Generated from functions/registry.ts by `npm run knative:manifests`; edit the registry, not this file.\n';

/** The text of a manifest file: the header, then the documents separated by `---`. */
export function renderManifest(manifest: FunctionManifest): string {
  return (
    GENERATED_HEADER +
    manifest.documents.map((document) => stringify(document, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n')
  );
}
