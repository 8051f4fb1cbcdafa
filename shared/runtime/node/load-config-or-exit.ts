import process from 'node:process';
import { ConfigError, loadConfig } from '../../config/app-config.ts';
import type { AppConfig } from '../../config/app-config.ts';
import { DevelopmentDefaultsError } from '../../config/production-guard.ts';

/** Exit status of a refused configuration (sysexits.h EX_CONFIG), so supervisors can tell it apart. */
export const EXIT_CONFIG = 78;

/**
 * The config of a Node process entry, or exit before anything listens: a process that would
 * serve with a development credential in production must never start (production-guard.ts).
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof DevelopmentDefaultsError)) throw error;
    console.error(JSON.stringify({ level: 'error', msg: 'configuration refused', code: error.code, detail: error.message }));
    process.exit(EXIT_CONFIG);
  }
}
