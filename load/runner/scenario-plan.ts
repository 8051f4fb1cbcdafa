/**
 * What each scenario runs: a list of steps, each usually one k6 run against fresh instances
 * (see run-section.ts). Overload calibrates first and runs twice, shedding on and off; soak and
 * chaos add their own checks.
 */
import { join } from 'node:path';
import type { CheckResult, RunSection } from '../report/report-model.ts';
import { checkChaos } from '../checks/chaos-checker.ts';
import { calibrate } from './calibrate.ts';
import { grayPlan } from './gray-plan.ts';
import { runSection } from './run-section.ts';
import { soakChecks } from './soak-checks.ts';
import type { PlanInput, PlanStep } from './plan-step.ts';

/** The steps of the chosen scenario. */
export function planScenario(input: PlanInput): PlanStep[] {
  const { options, outDir, connection, sut, k6Env } = input;
  const script = (name: string): string => join(input.scenariosDir, `${name}.js`);
  const base = { outDir, connection, settings: {} as Record<string, string | number> };
  const simple =
    (extraChecks?: (run: RunSection) => CheckResult[]): PlanStep =>
    async () => {
      const env = { ...k6Env, RATE: options.rate, DURATION: options.duration };
      const run = await runSection({
        ...base,
        label: options.scenario,
        name: options.scenario,
        script: script(options.scenario),
        k6Env: env,
        sut,
        settings: {
          rate: options.rate,
          duration: options.duration,
          instances: options.instances,
          poolBudget: options.poolBudget,
          redisAdapter: options.redisAdapter,
        },
      });
      return { run, checks: extraChecks?.(run) ?? [], notes: [] };
    };

  switch (options.scenario) {
    case 'steady':
    case 'spike':
    case 'smoke':
      return [simple()];
    case 'soak':
      return [simple((run) => soakChecks(run, options.poolBudget))];
    case 'gray':
      return grayPlan(input, script('gray'));
    case 'overload':
      return overloadPlan(input, script('overload'), script('calibrate'));
    case 'chaos':
      return [
        async () => {
          // Follows stay out of the chaos mix, so "every follower" is a fixed set the checker can verify.
          const mix = String(k6Env['MIX'])
            .split(',')
            .filter((part) => !part.startsWith('follow='))
            .join(',');
          const env = { ...k6Env, MIX: mix, RATE: options.rate, DURATION: options.duration, LOG_ACKS: 1 };
          const checks: CheckResult[] = [];
          const run = await runSection({
            ...base,
            label: 'chaos',
            name: 'chaos',
            script: script('chaos'),
            k6Env: env,
            sut,
            chaos: { warmupMs: 15_000, downMs: 10_000, recoverMs: 20_000 },
            settings: {
              rate: options.rate,
              duration: options.duration,
              instances: options.instances,
              down: '10 s each',
              order: 'postgres, redis, kafka, minio',
            },
            afterLoad: async (_sut, k6) => {
              checks.push(
                ...(await checkChaos({ logPath: k6.logPath, summaryPath: k6.summaryPath, connection, deadlineMs: options.deadlineMs })),
              );
            },
          });
          return { run, checks, notes: [] };
        },
      ];
  }
}

function overloadPlan(input: PlanInput, script: string, calibrateScript: string): PlanStep[] {
  const { options, outDir, connection, sut, k6Env } = input;
  let capacity = options.capacity ?? 0;
  let unloadedP99 = options.unloadedP99 ?? 0;
  const notes: string[] = [];
  const section =
    (shedding: 'on' | 'off'): PlanStep =>
    async () => {
      const run = await runSection({
        outDir,
        connection,
        script,
        label: `shedding ${shedding}`,
        name: `overload-shedding-${shedding}`,
        k6Env: { ...k6Env, CAPACITY: capacity, UNLOADED_P99: unloadedP99, HOLD_SECONDS: Number.parseInt(options.duration, 10) },
        sut: { ...sut, env: { ...sut.env, LOAD_SHEDDING: shedding } },
        settings: {
          capacity: capacity,
          'unloaded p99 ms': unloadedP99.toFixed(1),
          offered: `${Math.round(capacity / 2)} -> ${2 * capacity} req/s`,
          hold: options.duration,
          LOAD_SHEDDING: shedding,
          instances: options.instances,
          cpus: sut.pin ? `k6 on ${sut.pin.loadCpus}, functions and services on ${sut.pin.serverCpus}` : 'unpinned',
        },
      });
      const shed = Number(run.summary.metrics['shed_503']?.['count'] ?? 0);
      const extra: string[] = [];
      if (shedding === 'on' && shed === 0)
        extra.push(
          'Shedding on, yet no request was shed: the reliability layer is not wired into the functions (shared/middleware/platform-layer.ts) or ignores LOAD_SHEDDING.',
        );
      if (shedding === 'off' && shed > 0)
        extra.push(`Shedding off, yet ${shed} requests were shed: LOAD_SHEDDING=off is not honoured by the reliability layer.`);
      return { run, checks: [], notes: extra };
    };
  return [
    async () => {
      if (!options.capacity || !options.unloadedP99) {
        const measured = await calibrate({ outDir, script: calibrateScript, k6Env, sut, connection });
        capacity = options.capacity ?? measured.capacity;
        unloadedP99 = options.unloadedP99 ?? measured.unloadedP99;
        const steps = measured.steps.map((step) => `${step.vus} VUs ${Math.round(step.goodput)}/s`).join(', ');
        notes.push(
          `Calibrated after a 20 s warm-up: capacity ${measured.capacity} req/s (closed model, shedding off, best of ${steps}; p99 ${measured.closedP99.toFixed(1)} ms at ${measured.closedVus} VUs), unloaded p99 ${measured.unloadedP99.toFixed(1)} ms at ${Math.round(measured.capacity / 4)} req/s.`,
        );
      }
      return { checks: [], notes };
    },
    section('on'),
    section('off'),
  ];
}
