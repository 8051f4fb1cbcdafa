import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LOCAL_DEFAULTS, type LocalDefaultName } from '#shared/config/local-defaults.ts';
import { KAFKA_VERSION } from './kafka/kafka-files.ts';
import { REPO_ROOT, createInfraConfig } from './services/config.ts';
import { MINIO_MODULE, MINIO_VERSION, minioEnv } from './services/minio.service.ts';
import { redisRestEnv } from './services/redis-rest.service.ts';
import { createService } from './services/registry.ts';
import { TOXIPROXY_MODULE, TOXIPROXY_VERSION } from './services/toxiproxy.service.ts';
import { SERVICE_NAMES, type ServiceName } from './services/types.ts';

interface ComposeService {
  image?: string;
  build?: { dockerfile_inline?: string };
  network_mode?: string;
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test?: unknown };
}

const composeText = readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText) as { services: Record<string, ComposeService> };
const services = compose.services;
const nativeConfig = createInfraConfig({ env: {}, stateDir: '/nonexistent/atlas-state', cacheDir: '/nonexistent/atlas-cache' });
const isLocalDefault = (name: string): name is LocalDefaultName => Object.hasOwn(LOCAL_DEFAULTS, name);
const service = (name: string): ComposeService => services[name] ?? {};

/** Host ports a compose service publishes, as [setting, default] from `${SETTING:-default}`. */
function publishedPorts(name: string): { setting: string; port: number }[] {
  const svc = service(name);
  const hostPort = /\$\{([A-Z0-9_]+):-(\d+)\}/;
  let sources: string[];
  if (svc.network_mode === 'host') {
    // Host networking publishes nothing: the listen address is in a flag or an env var.
    sources = [
      ...(svc.command ?? []).filter((arg) => arg.startsWith('--web.listen-address=') || arg.startsWith('-port=')),
      ...Object.entries(svc.environment ?? {})
        .filter(([key]) => key.endsWith('_HTTP_PORT'))
        .map(([, value]) => String(value)),
    ];
  } else {
    sources = svc.ports ?? [];
  }
  return sources.map((text) => {
    const match = hostPort.exec(text);
    if (!match?.[1] || !match[2]) throw new Error(`${name}: port "${text}" is not of the form \${SETTING:-default}`);
    return { setting: match[1], port: Number(match[2]) };
  });
}

describe('docker-compose.yml stays in step with the native launcher', () => {
  it('runs exactly the native services plus grafana', () => {
    expect(Object.keys(services).sort()).toEqual([...SERVICE_NAMES, 'grafana'].sort());
  });

  it.each([...SERVICE_NAMES])('%s publishes the same port settings and defaults as the native definition', (name: ServiceName) => {
    const native = createService(name, nativeConfig).ports.map((p) => ({ setting: p.setting, port: p.port }));
    expect(publishedPorts(name)).toEqual(native);
    for (const { setting, port } of native) expect(port).toBe(LOCAL_DEFAULTS[setting]);
  });

  it('binds published ports to loopback only, like the native services', () => {
    for (const [name, svc] of Object.entries(services)) {
      for (const mapping of svc.ports ?? []) expect(mapping, name).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('uses the LOCAL_DEFAULTS value as the default of every ${SETTING:-default}', () => {
    const uses = [...composeText.matchAll(/\$\{([A-Z0-9_]+):-([^}]*)\}/g)];
    expect(uses.length).toBeGreaterThan(10);
    for (const [, name = '', fallback] of uses) {
      expect(isLocalDefault(name), `${name} is not a LOCAL_DEFAULTS setting`).toBe(true);
      if (isLocalDefault(name)) expect(fallback, name).toBe(String(LOCAL_DEFAULTS[name]));
    }
  });

  it('gives every service a health check', () => {
    for (const [name, svc] of Object.entries(services)) expect(svc.healthcheck?.test, name).toBeDefined();
  });

  it('passes the same env names as the native launcher', () => {
    expect(Object.keys(service('redis-rest').environment ?? {}).sort()).toEqual(Object.keys(redisRestEnv(nativeConfig)).sort());
    expect(Object.keys(service('minio').environment ?? {}).sort()).toEqual(Object.keys(minioEnv(nativeConfig)).sort());
    expect(Object.keys(service('postgres').environment ?? {}).sort()).toEqual(['POSTGRES_DB', 'POSTGRES_PASSWORD', 'POSTGRES_USER']);
  });

  it('pins the same versions as the native path', () => {
    expect(service('kafka').image).toBe(`apache/kafka:${KAFKA_VERSION}`);
    expect(service('minio').build?.dockerfile_inline).toContain(`go install ${MINIO_MODULE}@${MINIO_VERSION}`);
    expect(service('toxiproxy').build?.dockerfile_inline).toContain(`go install ${TOXIPROXY_MODULE}/cmd/server@${TOXIPROXY_VERSION}`);
    expect(service('postgres').image).toMatch(/^postgres:15\b/);
  });

  it('shares prometheus.yml, which scrapes Prometheus and the metrics sidecar on their default ports', () => {
    expect(service('prometheus').volumes).toContain('./local-infra/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro');
    const scrape = parse(readFileSync(join(REPO_ROOT, 'local-infra/prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const targets = scrape.scrape_configs.flatMap((job) => job.static_configs.flatMap((c) => c.targets));
    expect(targets).toEqual(
      expect.arrayContaining([`127.0.0.1:${LOCAL_DEFAULTS.PROMETHEUS_PORT}`, `127.0.0.1:${LOCAL_DEFAULTS.METRICS_SIDECAR_PORT}`]),
    );
  });
});
