import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

/** Where the SLO targets live (the one file). */
export const SLO_FILE = join(dirname(fileURLToPath(import.meta.url)), 'slos.yml');

const ratio = z.number().gt(0).lt(1);

const sloFileSchema = z.object({
  period: z.string().regex(/^\d+d$/),
  functions: z.record(
    z.string().regex(/^[a-z][a-z0-9-]*$/),
    z.object({
      availability: ratio,
      latency: z.object({ threshold_seconds: z.number().positive(), objective: ratio }),
    }),
  ),
});

/** SLOs of one function. */
export interface FunctionSlo {
  function: string;
  /** Target share of requests not answered 5xx. */
  availability: number;
  latency: { thresholdSeconds: number; objective: number };
}

export interface SloConfig {
  period: string;
  functions: FunctionSlo[];
}

/** An SLO file that does not validate; `code` for callers that branch. */
export class SloConfigError extends Error {
  readonly code = 'INVALID_SLO_FILE';
}

/** Parses and validates SLO YAML text. */
export function parseSlos(text: string): SloConfig {
  const parsed = sloFileSchema.safeParse(parse(text));
  if (!parsed.success) {
    throw new SloConfigError(`invalid SLO file: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return {
    period: parsed.data.period,
    functions: Object.entries(parsed.data.functions).map(([name, s]) => ({
      function: name,
      availability: s.availability,
      latency: { thresholdSeconds: s.latency.threshold_seconds, objective: s.latency.objective },
    })),
  };
}

/** Reads the project's SLO file (or another, for tests). */
export function loadSlos(file = SLO_FILE): SloConfig {
  return parseSlos(readFileSync(file, 'utf8'));
}
