/**
 * `npm run load -- gray`: the functions reach every dependency through Toxiproxy (the proxy
 * addresses of connectionEnv), k6 keeps the chaos mix going, and the gray schedule
 * (gray-schedule.ts) disturbs one dependency or one kind of client at a time. Afterwards the
 * chaos checker verifies every acknowledged post, and the gray checker charges each problem,
 * late reply, retry and breaker change to the fault whose slot it fell in.
 */
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { issueToken } from '#shared/auth/index.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { localSetting } from '#shared/config/local-defaults.ts';
import { connectionEnv, createInfraConfig, ensureUp, silentProgress } from '#local-infra/services/index.ts';
import { TOXIPROXY_VERSION, toxiproxyClient } from '#local-infra/services/toxiproxy.service.ts';
import { checkChaos, readAcks, type PostProblem } from '../checks/chaos-checker.ts';
import { grayChecks, grayFaultRows } from '../checks/gray-checker.ts';
import { readK6Recording } from '../report/k6-record.ts';
import type { CheckResult } from '../report/report-model.ts';
import { pollDependencyMetrics } from './dependency-metrics.ts';
import { runGrayFaults, type GrayFaultWindow } from './gray-run.ts';
import { DEFAULT_GRAY_TIMING, grayScheduleSeconds, selectGrayFaults } from './gray-schedule.ts';
import { runSection } from './run-section.ts';
import type { PlanInput, PlanStep } from './plan-step.ts';

const GREEN_TARGET_MS = 10_000;
const URLS = {
  users: 'http://127.0.0.1:8081',
  posts: 'http://127.0.0.1:8082',
  timeline: 'http://127.0.0.1:8083',
  media: 'http://127.0.0.1:8084',
} as const;

/** The single step of the gray scenario. */
export function grayPlan(input: PlanInput, script: string): PlanStep[] {
  const { options, outDir, connection, sut, k6Env } = input;
  return [
    async () => {
      const faults = selectGrayFaults(options.only);
      const timing = DEFAULT_GRAY_TIMING;
      const infra = createInfraConfig({ env: { ...process.env, ATLAS_FAULTS: '1' } });
      await ensureUp(['toxiproxy'], { config: infra, progress: silentProgress });
      const toxiproxy = toxiproxyClient(infra);
      const proxied = connectionEnv(infra, { throughFaultProxies: true });
      const notes: string[] = [
        `Toxiproxy ${TOXIPROXY_VERSION} (API answers version "${await toxiproxy.version()}"): the functions reach Postgres, Redis, Kafka and MinIO through it (${proxied.DATABASE_URL.replace(/\/\/[^@]*@/, '//')}, ${proxied.REDIS_URL}, ${proxied.KAFKA_BROKERS}, ${proxied.S3_ENDPOINT}).`,
      ];
      if (!(await portOpen(infra.port('KAFKA_FAULTS_PORT'))))
        notes.push(
          `Kafka's FAULTS listener (${infra.port('KAFKA_FAULTS_PORT')}) is closed: this broker started before it existed, so Kafka traffic is not behind the proxy until Kafka restarts.`,
        );
      const users = JSON.parse(await readFile(String(k6Env['USERS_FILE'] ?? ''), 'utf8')) as { id: string }[];
      const config = loadConfig({ ...connection, ...process.env });
      const tokenOf = (id: string): Promise<string> => issueToken(id, { secret: config.jwtSecret });
      const probeUser = users[0];
      const slowUser = users[1] ?? users[0];
      if (!probeUser || !slowUser) throw new Error('gray: the seeded users file is empty');
      const [probeToken, slowToken] = await Promise.all([tokenOf(probeUser.id), tokenOf(slowUser.id)]);

      const mix = String(k6Env['MIX'])
        .split(',')
        .filter((part) => !part.startsWith('follow='))
        .join(',');
      const duration = `${grayScheduleSeconds(faults, timing) + 3}s`;
      const env = { ...k6Env, MIX: mix, RATE: options.rate, DURATION: duration, LOG_ACKS: 1 };
      const metrics = pollDependencyMetrics(`http://127.0.0.1:${localSetting('METRICS_SIDECAR_PORT', connection)}/metrics`, sut.functions);
      let windows: GrayFaultWindow[] = [];
      const checks: CheckResult[] = [];
      let rows: ReturnType<typeof grayFaultRows> = [];
      const run = await runSection({
        ...{ outDir, connection },
        label: 'gray',
        name: 'gray',
        script,
        k6Env: env,
        sut: { ...sut, env: { ...sut.env, ...proxied, ATLAS_FAULTS: '1' } },
        settings: {
          rate: options.rate,
          duration,
          instances: options.instances,
          hold: `${timing.holdMs / 1000} s`,
          recovery: `${timing.recoveryMs / 1000} s`,
          faults: faults.map((fault) => fault.name).join(', '),
        },
        during: async (signal) => {
          windows = await runGrayFaults({
            faults,
            timing,
            toxiproxy,
            signal,
            metrics: metrics.latest,
            probe: {
              urls: {
                ...Object.fromEntries(Object.entries(URLS).filter(([fn]) => sut.functions.includes(fn))),
                posts: URLS.posts,
                timeline: URLS.timeline,
              },
              userId: probeUser.id,
              token: probeToken,
            },
            slowClientTarget: (endpoint) => ({ url: `${URLS[endpoint]}/${endpoint}`, token: slowToken }),
          });
        },
        afterLoad: async (system, k6) => {
          const snapshots = await metrics.stop();
          const problems = new Map<string, PostProblem>();
          checks.push(
            ...(await checkChaos({
              logPath: k6.logPath,
              summaryPath: k6.summaryPath,
              connection,
              deadlineMs: options.deadlineMs,
              onPostProblem: (id, problem) => problems.set(id, problem),
            })),
          );
          const acks = await readAcks(k6.logPath).catch(() => []);
          rows = grayFaultRows({
            windows,
            acks,
            problems,
            recording: await readK6Recording(k6.recordPath),
            snapshots,
            processes: system.instances.length,
            greenTargetMs: GREEN_TARGET_MS,
          });
          checks.push(...grayChecks(rows, GREEN_TARGET_MS));
        },
      });
      await metrics.stop();
      return { run: { ...run, gray: rows }, checks, notes };
    },
  ];
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
