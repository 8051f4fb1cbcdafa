import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from '#shared/app/create-router.ts';
import { defineFunction } from '#shared/app/function-definition.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { outboxMonitorSchedule, outboxRelaySchedule } from '#shared/outbox/outbox-schedules.ts';
import { createNodeDependencies } from '#shared/runtime/node/node-dependencies.ts';
import { startMetricsSidecar } from '#local-infra/metrics-sidecar/server.ts';
import type { MetricsSidecar } from '#local-infra/metrics-sidecar/server.ts';
import { parseExposition, sample } from '#local-infra/metrics-sidecar/testing/exposition-parser.ts';
import { startNodeHost } from './node-host.ts';

// Schedule triggers record into their function's recorder, which the function's push carries
// to the sidecar: the outbox gauges, the relay's counter and the relay's dependency calls all
// reach the sidecar's /metrics (before, triggers had a no-op recorder and raw ports).

const TOKEN = 'trigger-metrics-test-token';
const runId = `${process.pid}-${Date.now().toString(36)}`;
const topic = `test.trigger-metrics.${runId}`;
const functionName = `trigger-metrics-${runId}`;
let sidecar: MetricsSidecar;
const kafkaAdmin = new Kafka({
  clientId: 'trigger-metrics-test',
  brokers: [...loadConfig(process.env).kafka.brokers],
  logLevel: logLevel.NOTHING,
}).admin();

beforeAll(async () => {
  sidecar = await startMetricsSidecar({ port: 0, token: TOKEN, dashboardSampleIntervalMs: 60_000 });
  await kafkaAdmin.connect();
  await kafkaAdmin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
});

afterAll(async () => {
  await kafkaAdmin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await kafkaAdmin.disconnect();
  await sidecar.close();
});

describe('trigger metrics through the metrics push', () => {
  it("exports the outbox gauges, outbox_published_total and the relay's dependency metrics via the sidecar", async () => {
    const env = { ...process.env, METRICS_SIDECAR_URL: sidecar.url, METRICS_PUSH_TOKEN: TOKEN, LOG_LEVEL: 'silent' };
    const config = loadConfig(env);
    const eventId = randomUUID();
    const seed = createNodeDependencies(config);
    try {
      await seed.deps.sql.query(`INSERT INTO outbox (id, topic, key, payload, headers) VALUES ($1, $2, 'k', '{}'::jsonb, '{}'::jsonb)`, [
        eventId,
        topic,
      ]);
      const definition = defineFunction({
        name: functionName,
        nodePort: 0,
        routePrefixes: [],
        requires: [],
        routes: createRouter,
        // Only this test's topic: the shared outbox's other rows are not ours to publish.
        schedules: [outboxRelaySchedule({ topics: [topic], everyMs: 100 }), outboxMonitorSchedule({ everyMs: 100 })],
      });
      const host = await startNodeHost({ functions: [definition], config, env, triggers: { runConsumers: false } });
      try {
        const started = Date.now();
        for (;;) {
          const [row] = await seed.deps.sql.query<{ published: boolean }>(
            'SELECT published_at IS NOT NULL AS published FROM outbox WHERE id = $1',
            [eventId],
          );
          if (row?.published) break;
          if (Date.now() - started > 20_000) throw new Error('the relay did not publish the test row');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        // Let the monitor run once more after the publish.
        await new Promise((resolve) => setTimeout(resolve, 300));
      } finally {
        await host.close(); // the final push carries everything counted
      }

      const scraped = parseExposition(await (await fetch(`${sidecar.url}/metrics`)).text());
      expect(scraped.get(sample('outbox_published_total', { topic }))).toBe(1);
      expect(scraped.has(sample('outbox_backlog_rows'))).toBe(true);
      expect(scraped.has(sample('outbox_oldest_unpublished_age_seconds'))).toBe(true);
      const relayCalls = [...scraped.entries()].filter(
        ([key, value]) =>
          key.startsWith('dependency_call_duration_seconds_count{') &&
          key.includes('dependency="postgres"') &&
          key.includes('outcome="success"') &&
          value > 0,
      );
      expect(relayCalls.length).toBeGreaterThan(0);
      expect(
        scraped.get(sample('dependency_call_duration_seconds_count', { dependency: 'kafka', operation: 'publish', outcome: 'success' })),
      ).toBeGreaterThanOrEqual(1);
    } finally {
      await seed.deps.sql.query('DELETE FROM outbox WHERE id = $1', [eventId]).catch(() => undefined);
      await seed.close();
    }
  }, 40_000);
});
