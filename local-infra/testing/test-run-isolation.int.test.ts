import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '#shared/config/app-config.ts';
import { createInfraConfig } from '../services/config.ts';

describe("a test run's metrics stay out of the developer's stack", () => {
  const shared = createInfraConfig({ env: {} });
  const run = inject('infra');

  it('pushes to a sidecar and Prometheus of its own, on other ports than the shared ones', async () => {
    expect(Number(run.METRICS_SIDECAR_PORT)).not.toBe(shared.port('METRICS_SIDECAR_PORT'));
    expect(Number(run.PROMETHEUS_PORT)).not.toBe(shared.port('PROMETHEUS_PORT'));
    // What every function built from this process's env pushes to.
    expect(loadConfig(process.env).metrics.sidecarUrl).toBe(run.METRICS_SIDECAR_URL);
    expect((await fetch(`${run.METRICS_SIDECAR_URL}/metrics`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${run.PROMETHEUS_PORT}/-/ready`)).status).toBe(200);
  });

  it("has the run's Prometheus scrape the run's sidecar and nothing of the developer's", async () => {
    const scrapeUrls = async (): Promise<string[]> => {
      const response = await fetch(`http://127.0.0.1:${run.PROMETHEUS_PORT}/api/v1/targets`);
      const body = (await response.json()) as { data: { activeTargets: { scrapeUrl: string }[] } };
      return body.data.activeTargets.map((target) => target.scrapeUrl);
    };
    // Prometheus lists its targets a moment after it is ready.
    await expect.poll(scrapeUrls, { timeout: 15_000 }).toContain(`http://127.0.0.1:${run.METRICS_SIDECAR_PORT}/metrics`);
    expect((await scrapeUrls()).some((url) => url.includes(`:${shared.port('METRICS_SIDECAR_PORT')}/`))).toBe(false);
  });
});
