/**
 * Which function a container instance serves, and how, read from its environment. One image
 * holds every function; the deployment picks one with `ATLAS_FUNCTION`, and Knative passes the
 * port to listen on in `PORT` (the container port of the Service, 8080 by default).
 */
export interface FunctionSelection {
  /** A function name from the registry (`ATLAS_FUNCTION`). */
  readonly functionName: string;
  /** `PORT`, default 8080 (Knative's default container port). */
  readonly port: number;
  /** `HOST`, default every interface: inside a container, loopback is unreachable from the pod. */
  readonly hostname: string;
  /**
   * `ATLAS_TRIGGERS`: `1` (default) also runs the function's event consumers and schedules,
   * `0` serves HTTP only. Autoscaled HTTP instances run with `0`: an instance that may scale to
   * zero must not be the only one relaying the outbox or consuming a topic.
   */
  readonly triggers: boolean;
}

/** The port Knative gives a container when the Service names none. */
export const DEFAULT_CONTAINER_PORT = 8080;

/** Raised when the environment does not select a function correctly; lists every problem. */
export class FunctionSelectionError extends Error {
  readonly code = 'invalid_function_selection';
  readonly issues: readonly string[];
  constructor(issues: readonly string[]) {
    super(`Invalid function selection: ${issues.join('; ')}`);
    this.name = 'FunctionSelectionError';
    this.issues = issues;
  }
}

/**
 * Reads the selection from an environment. Empty strings count as unset, as in `loadConfig`.
 * @param known the registry's function names.
 * @throws FunctionSelectionError naming every invalid variable.
 */
export function parseFunctionSelection(env: Readonly<Record<string, string | undefined>>, known: readonly string[]): FunctionSelection {
  const value = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  const issues: string[] = [];

  const functionName = value('ATLAS_FUNCTION');
  if (functionName === undefined) issues.push(`ATLAS_FUNCTION: required, one of ${known.join(', ')}`);
  else if (!known.includes(functionName)) issues.push(`ATLAS_FUNCTION: unknown function "${functionName}" (known: ${known.join(', ')})`);

  const portText = value('PORT') ?? String(DEFAULT_CONTAINER_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65_535) issues.push(`PORT: expected a port number 1-65535, got "${portText}"`);

  const triggersText = value('ATLAS_TRIGGERS') ?? '1';
  if (triggersText !== '0' && triggersText !== '1') issues.push(`ATLAS_TRIGGERS: expected 0 or 1, got "${triggersText}"`);

  if (issues.length > 0) throw new FunctionSelectionError(issues);
  return { functionName: functionName ?? '', port, hostname: value('HOST') ?? '0.0.0.0', triggers: triggersText === '1' };
}
