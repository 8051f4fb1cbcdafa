/**
 * Structured JSON logger: one JSON object per line, web-standard (runs on Node and workerd).
 *
 * Levels follow the usual order; `silent` turns logging off. The level comes from `LOG_LEVEL`
 * at the composition root (load tests set `warn` so access logs do not dominate CPU). Fields
 * are only serialised when the level is enabled, so a disabled `debug` call costs one compare.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Plain fields attached to a log line. Values must be JSON-serialisable. */
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  readonly level: LogLevel;
  isEnabled(level: Exclude<LogLevel, 'silent'>): boolean;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines all carry `fields` (e.g. the request id). */
  child(fields: LogFields): Logger;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Minimum level written. Default `info`. */
  level?: LogLevel;
  /** Fields on every line (e.g. `{ function: 'users' }`). */
  base?: LogFields;
  /** Where lines go. Default `console.log` (stdout on Node, the log stream on workerd). */
  sink?: (line: string) => void;
  /** Clock for the `time` field. Default `Date.now`. */
  now?: () => number;
}

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Parses a `LOG_LEVEL` value; unknown or missing values give `fallback`. */
export function parseLogLevel(value: string | undefined, fallback: LogLevel = 'info'): LogLevel {
  const normalised = value?.trim().toLowerCase();
  return normalised !== undefined && normalised in SEVERITY ? (normalised as LogLevel) : fallback;
}

/** Turns an error into loggable fields without its stack (stacks go to debug only). */
export function errorFields(error: unknown): LogFields {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { errorName: error.name, errorMessage: error.message, ...(code === undefined ? {} : { errorCode: code }) };
  }
  return { errorMessage: String(error) };
}

/** Creates a structured logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const { level = 'info', base = {}, sink = (line: string) => console.log(line), now = Date.now } = options;
  const threshold = SEVERITY[level];

  const write = (lineLevel: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields): void => {
    if (SEVERITY[lineLevel] < threshold) return;
    let line: string;
    try {
      line = JSON.stringify({ time: new Date(now()).toISOString(), level: lineLevel, msg: message, ...base, ...fields });
    } catch {
      // A cyclic or BigInt field must not take the request down with it.
      line = JSON.stringify({ time: new Date(now()).toISOString(), level: lineLevel, msg: message, logError: 'unserialisable fields' });
    }
    sink(line);
  };

  return {
    level,
    isEnabled: (lineLevel) => SEVERITY[lineLevel] >= threshold,
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    child: (fields) => createLogger({ level, base: { ...base, ...fields }, sink, now }),
  };
}

/** A logger that writes nothing (tests, benchmarks). */
export const silentLogger: Logger = createLogger({ level: 'silent', sink: () => {} });
