/**
 * `npm run load -- <scenario> [options]`: one load scenario end to end. Services up and
 * migrated, the functions on Node in production-like form (N processes per function, quiet
 * logs), k6 against loopback for a bounded time, then a self-contained HTML report with PNG
 * charts under load/reports/<scenario>-<timestamp>/ (git-ignored). Exit code 0 only when every
 * threshold and check passed. See load/README.md.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { FUNCTIONS } from '#functions/registry.ts';
import { writeReport } from './report/html-report.ts';
import type { CheckResult, ReportModel, RunSection } from './report/report-model.ts';
import { parseLoadOptions, UsageError } from './runner/cli-options.ts';
import { cpuSplit } from './runner/cpu-affinity.ts';
import { machineInfo } from './runner/machine-info.ts';
import { planScenario } from './runner/scenario-plan.ts';
import { prepareInfrastructure, startSystemUnderTest } from './runner/system-under-test.ts';
import { effectiveWeights, probeMix } from './runner/mix.ts';
import { seedUsers } from './runner/seed.ts';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

async function main(): Promise<number> {
  const options = parseLoadOptions(process.argv.slice(2));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = options.outDir ?? here(`./reports/${options.scenario}-${stamp}`);
  await mkdir(outDir, { recursive: true });
  const machineBefore = await machineInfo();
  console.error(`[load] ${options.scenario}: services up, migrations...`);
  const connection = await prepareInfrastructure();
  const functions = options.functions ?? FUNCTIONS.map((fn) => fn.name).filter((name) => name !== 'docs');
  const split = options.pin ? cpuSplit() : undefined;
  if (options.pin && !split) throw new UsageError('--pin needs at least two cores');
  // k6 signs up from one address: the per-client sign-up throttle would only measure itself.
  const sut = {
    functions,
    instances: options.instances,
    poolBudget: options.poolBudget,
    env: { REDIS_ADAPTER: options.redisAdapter, AUTH_RATE_LIMIT_PER_MINUTE: '0' },
    ...(split ? { pin: split } : {}),
  };

  // Which parts of the mix exist: probe the routes once on a running system.
  const probe = await startSystemUnderTest(sut, connection);
  const urls = {
    users: 'http://127.0.0.1:8081',
    posts: 'http://127.0.0.1:8082',
    timeline: 'http://127.0.0.1:8083',
    media: 'http://127.0.0.1:8084',
  };
  const followPath = process.env['FOLLOW_PATH'] ?? '/users/{follower}/following/{followee}';
  const availability = await probeMix(urls, followPath).finally(() => probe.stop());
  let weights = effectiveWeights(options.mix, availability.enabled);
  const notes: string[] = [];
  if (!weights['timeline'] && !weights['post']) {
    weights = effectiveWeights('user=90,signup=10', availability.enabled);
    notes.push(
      'Neither the timeline read nor post creation exists yet: the mix falls back to the users function (90% profile reads, 10% sign-ups).',
    );
  }
  console.error(`[load] mix ${JSON.stringify(weights)}; off: ${availability.disabled.join('; ') || 'none'}`);

  const seeded = await seedUsers({ users: options.seedUsers, outDir, connection });
  notes.push(seeded.note);
  const k6Env = {
    ...(seeded.usersFile ? { USERS_FILE: seeded.usersFile } : {}),
    RUN_ID: stamp,
    SEED_USERS: options.seedUsers,
    MIX: Object.entries(weights)
      .map(([op, w]) => `${op}=${w}`)
      .join(','),
    MIX_ENABLE: Object.keys(weights).join(','),
    MAX_VUS: options.maxVus,
    REQUEST_DEADLINE_MS: options.deadlineMs,
    FOLLOW_PATH: followPath,
    USERS_URL: urls.users,
    POSTS_URL: urls.posts,
    TIMELINE_URL: urls.timeline,
    MEDIA_URL: urls.media,
  };
  const plan = planScenario({ options, outDir, connection, sut, k6Env, scenariosDir: here('./scenarios') });
  const runs: RunSection[] = [];
  const checks: CheckResult[] = [];
  for (const step of plan) {
    const result = await step(runs);
    if (result.run) runs.push(result.run);
    checks.push(...result.checks);
    notes.push(...result.notes);
  }
  const machineAfter = await machineInfo();
  const model: ReportModel = {
    scenario: options.scenario,
    createdAt: Date.now(),
    command: `npm run load -- ${process.argv.slice(2).join(' ')}`,
    machine: { ...machineBefore, 'load average at end': machineAfter['load average'] ?? '' },
    mix: { weights, disabled: availability.disabled },
    runs,
    checks,
    notes,
  };
  await seeded.remove().catch((error: unknown) => console.error(`[load] could not remove the seeded users: ${(error as Error).message}`));
  const html = await writeReport(model, outDir);
  const passed = runs.every((run) => run.thresholdsPassed || run.label.includes('shedding off')) && checks.every((check) => check.passed);
  console.log(`\n[load] ${options.scenario}: ${passed ? 'PASS' : 'FAIL'}\n[load] report: ${html}`);
  return passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof UsageError ? error.message : error);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
