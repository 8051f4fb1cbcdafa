import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkerBundle } from '#local-infra/workerd-host/build-bundle.ts';
import { serveWorkerBundle } from '#local-infra/workerd-host/serve-bundle.ts';
import type { ServedWorker } from '#local-infra/workerd-host/serve-bundle.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { createNodeSqlPool } from '#shared/postgres/adapters/node-pool.ts';

// The posts worker's `scheduled` handler on workerd (Miniflare over the deploy bundle): the
// minute cron runs the outbox relay there, with a per-invocation postgres.js client and the
// kafkajs idempotent producer under nodejs_compat. A Node relay elsewhere on this machine may
// publish the row first; the test then still checks that the cron run succeeds and the row is
// published without a failed attempt.

const config = loadConfig(process.env);
const sql = createNodeSqlPool({ url: config.database.url, poolSize: 2 });
const outRoot = `dist/workerd-test/${process.pid}-posts-cron`;
let worker: ServedWorker;
let authorId: string;

beforeAll(async () => {
  const bundlePath = await buildWorkerBundle({ env: 'posts', outdir: outRoot });
  worker = await serveWorkerBundle({ env: 'posts', bundlePath, overrides: process.env, triggerHandlers: true });
  const [user] = await sql.query<{ id: string }>(`INSERT INTO users (handle, display_name) VALUES ($1, 'cron') RETURNING id`, [
    `cron_${Date.now().toString(36)}`,
  ]);
  authorId = user?.id ?? '';
});

afterAll(async () => {
  await worker?.dispose();
  await sql.query('DELETE FROM users WHERE id = $1', [authorId]).catch(() => undefined);
  await sql.close();
  await rm(outRoot, { recursive: true, force: true });
});

const cron = (expression: string): Promise<Response> =>
  fetch(`${worker.url}/cdn-cgi/local/scheduled?cron=${encodeURIComponent(expression)}`, { signal: AbortSignal.timeout(30_000) });

describe('posts on workerd: the cron-triggered outbox relay', () => {
  it('publishes waiting post.created rows from the minute cron', async () => {
    const eventId = crypto.randomUUID();
    await sql.query(
      `INSERT INTO outbox (id, topic, key, payload, headers) VALUES ($1, 'post.created', $2, $3::text::jsonb, '{"event-type":"post.created"}'::jsonb)`,
      [eventId, authorId, JSON.stringify({ eventId, probe: 'workerd-cron' })],
    );
    const started = Date.now();
    const response = await cron('* * * * *');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
    console.info(`[posts] workerd cron run took ${Date.now() - started} ms`);
    const [row] = await sql.query<{ publishedAt: Date | null; attempts: number }>(
      'SELECT published_at AS "publishedAt", attempts FROM outbox WHERE id = $1',
      [eventId],
    );
    expect(row?.publishedAt).toBeInstanceOf(Date);
    expect(row?.attempts).toBe(0);
  });

  it('runs nothing for a cron no schedule declares', async () => {
    const response = await cron('5 4 * * *');
    expect(response.status).toBe(200);
  });
});
