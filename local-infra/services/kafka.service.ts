import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { KAFKA_LOG4J2, KAFKA_VERSION, kafkaServerProperties, newClusterId } from '../kafka/kafka-files.ts';
import { KAFKA_TOPICS } from '../kafka/topics.ts';
import type { InfraConfig } from './config.ts';
import { ensureJavaAndMaven } from './java.ts';
import { defineProcessService } from './process-service.ts';
import { step } from './progress.ts';
import { runCommand } from './run-command.ts';
import type { ServiceDefinition } from './types.ts';

/** Where the broker's jars are cached (shared by checkouts, keyed by version). */
export function kafkaLibDir(config: InfraConfig): string {
  return join(config.cacheDir, `kafka-${KAFKA_VERSION}`, 'libs');
}

/** A real single-node KRaft broker (broker + controller) run from Apache Kafka's jars. */
export function createKafkaService(config: InfraConfig): ServiceDefinition {
  const port = config.port('KAFKA_PORT');
  const controllerPort = config.port('KAFKA_CONTROLLER_PORT');
  const faultsPort = config.port('KAFKA_FAULTS_PORT');
  const dir = join(config.stateDir, 'kafka');
  const dataDir = join(dir, 'data');
  const propertiesFile = join(dir, 'server.properties');
  const log4jFile = join(dir, 'log4j2.properties');
  const libs = kafkaLibDir(config);
  const classpath = `${libs}/*`;

  const admin = () =>
    new Kafka({
      clientId: 'atlas-local-infra',
      brokers: [`127.0.0.1:${port}`],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 2_000,
      requestTimeout: 5_000,
      retry: { retries: 0 },
    }).admin();

  return defineProcessService({
    name: 'kafka',
    config,
    ports: [
      { setting: 'KAFKA_PORT', port },
      { setting: 'KAFKA_CONTROLLER_PORT', port: controllerPort },
      { setting: 'KAFKA_FAULTS_PORT', port: faultsPort },
    ],
    healthTimeoutMs: 90_000,
    stopGraceMs: 30_000, // controlled shutdown flushes logs; give it time before SIGKILL
    async install({ progress, signal }) {
      const marker = join(libs, '..', '.complete');
      if (existsSync(marker)) return;
      await ensureJavaAndMaven('kafka', progress, signal);
      const staging = `${libs}.partial-${process.pid}`;
      await rm(staging, { recursive: true, force: true });
      await step(
        progress,
        'kafka',
        `mvn dependency:copy-dependencies kafka_2.13:${KAFKA_VERSION}`,
        () =>
          runCommand(
            'mvn',
            [
              '-B',
              '-q',
              '-f',
              join(config.repoRoot, 'local-infra', 'kafka', 'pom.xml'),
              'dependency:copy-dependencies',
              `-DoutputDirectory=${staging}`,
              `-Dkafka.version=${KAFKA_VERSION}`,
            ],
            { signal },
          ),
        { install: true },
      );
      await rm(libs, { recursive: true, force: true });
      await rename(staging, libs);
      await writeFile(marker, `kafka_2.13 ${KAFKA_VERSION}\n`);
    },
    async prepare({ signal }) {
      await mkdir(dataDir, { recursive: true });
      await writeFile(
        propertiesFile,
        kafkaServerProperties({ port, controllerPort, faultsPort, faultsProxyPort: config.port('KAFKA_PROXY_PORT'), dataDir }),
      );
      await writeFile(log4jFile, KAFKA_LOG4J2);
      if (existsSync(join(dataDir, 'meta.properties'))) return;
      const idFile = join(dir, 'cluster-id');
      const clusterId = existsSync(idFile) ? (await readFile(idFile, 'utf8')).trim() : newClusterId(randomBytes);
      await writeFile(idFile, `${clusterId}\n`);
      await runCommand(
        'java',
        [
          '-cp',
          classpath,
          `-Dlog4j2.configurationFile=${log4jFile}`,
          'kafka.tools.StorageTool',
          'format',
          '-t',
          clusterId,
          '-c',
          propertiesFile,
          '--ignore-formatted',
        ],
        { signal },
      );
    },
    launch: () => ({
      command: 'java',
      args: [
        '-Xms256m',
        '-Xmx512m',
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-XX:+ExitOnOutOfMemoryError',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${log4jFile}`,
        `-Dkafka.logs.dir=${dir}`,
        '-cp',
        classpath,
        'kafka.Kafka',
        propertiesFile,
      ],
      cwd: dir,
    }),
    async probe(signal) {
      const client = admin();
      signal.addEventListener('abort', () => void client.disconnect(), { once: true });
      try {
        await client.connect();
        const cluster = await client.describeCluster();
        if (cluster.brokers.length === 0) throw new Error('no broker registered yet');
      } finally {
        await client.disconnect();
      }
    },
    async provision() {
      const client = admin();
      try {
        await client.connect();
        const existing = new Set(await client.listTopics());
        const missing = KAFKA_TOPICS.filter((spec) => !existing.has(spec.topic));
        if (missing.length > 0) await client.createTopics({ topics: [...missing], waitForLeaders: true });
      } finally {
        await client.disconnect();
      }
    },
  });
}
