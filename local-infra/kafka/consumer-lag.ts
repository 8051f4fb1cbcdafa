/**
 * `npm run kafka:lag [-- --topic post.created] [--group timeline.post.created]`: what the
 * runbook "Kafka down / consumer lag" starts from. Prints the outbox backlog (events not yet
 * in Kafka) and, per consumer group of the topic, committed offset, end offset and lag per
 * partition, with the group state and member count. Kafka's own CLI tools are not in the jars
 * local-infra installs, hence this. Exit code 1 when Kafka or Postgres cannot be reached.
 */
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { loadConfig } from '../../shared/config/app-config.ts';
import { POST_CREATED_TOPIC } from '../../shared/events/post-created.ts';
import { readBacklog } from '../../shared/outbox/outbox-store.ts';
import { createNodeSqlPool } from '../../shared/postgres/adapters/node-pool.ts';
import { silenceKnownWarnings } from '#shared/runtime/node/known-warnings.ts';
import { formatLagReport } from './lag-report.ts';
import type { GroupLag } from './lag-report.ts';

silenceKnownWarnings();
const { values } = parseArgs({ options: { topic: { type: 'string', default: POST_CREATED_TOPIC }, group: { type: 'string' } } });
const topic = values.topic;
const config = loadConfig(process.env);
const kafka = new Kafka({
  clientId: 'atlas-lag',
  brokers: [...config.kafka.brokers],
  logLevel: logLevel.NOTHING,
  connectionTimeout: 2000,
  retry: { retries: 0 },
});
const admin = kafka.admin();
const sql = createNodeSqlPool({ url: config.database.url, poolSize: 1 });

try {
  const backlog = await readBacklog(sql, AbortSignal.timeout(5000)).catch((error: unknown) => error as Error);
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  const groupIds = values.group ? [values.group] : (await admin.listGroups()).groups.map((group) => group.groupId);
  const described = await admin.describeGroups(groupIds);
  const groups: GroupLag[] = [];
  for (const group of described.groups) {
    const [offsets] = await admin.fetchOffsets({ groupId: group.groupId, topics: [topic] });
    const partitions = (offsets?.partitions ?? []).map((p) => ({
      partition: p.partition,
      committed: Number(p.offset),
      end: Number(ends.find((e) => e.partition === p.partition)?.high ?? 0),
    }));
    if (!values.group && partitions.every((p) => p.committed < 0)) continue;
    groups.push({ groupId: group.groupId, state: group.state, members: group.members.length, partitions });
  }
  console.log(formatLagReport({ topic, backlog: backlog instanceof Error ? { error: backlog.message } : backlog, groups }));
  process.exitCode = backlog instanceof Error ? 1 : 0;
} catch (error) {
  console.error(`cannot read consumer lag: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await admin.disconnect().catch(() => undefined);
  await sql.close();
}
