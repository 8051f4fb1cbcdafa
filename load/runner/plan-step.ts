/** The step contract every scenario plan (scenario-plan.ts, gray-plan.ts) is built from. */
import type { CheckResult, RunSection } from '../report/report-model.ts';
import type { LoadOptions } from './cli-options.ts';
import type { SystemUnderTestOptions } from './system-under-test.ts';

/** Inputs of a scenario's plan (`planScenario` in scenario-plan.ts). */
export interface PlanInput {
  readonly options: LoadOptions;
  readonly outDir: string;
  readonly connection: Record<string, string>;
  readonly sut: SystemUnderTestOptions;
  readonly k6Env: Readonly<Record<string, string | number>>;
  readonly scenariosDir: string;
}

/** Result of one step. */
export interface StepResult {
  readonly run?: RunSection;
  readonly checks: CheckResult[];
  readonly notes: string[];
}

export type PlanStep = (previous: readonly RunSection[]) => Promise<StepResult>;
