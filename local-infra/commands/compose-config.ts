import { join } from 'node:path';
import { ensureCompose } from '../services/compose.tool.ts';
import { REPO_ROOT } from '../services/config.ts';
import { consoleProgress } from '../services/progress.ts';
import { runCommand } from '../services/run-command.ts';
import type { CliCommand } from './command.ts';

/**
 * `compose-config` (`npm run compose:config`, part of `npm run check`): parses and validates
 * docker-compose.yml with Docker Compose's own loader (`docker-compose config --quiet`), which
 * needs no engine. The unit test in compose-sync.test.ts checks the values; this checks the file
 * is one Compose accepts.
 */
export const composeConfigCommand: CliCommand = {
  summary: 'validate docker-compose.yml with Docker Compose (`config --quiet`, no engine needed)',
  usage: 'compose-config [file]',
  async run(args) {
    const file = args[0] ?? join(REPO_ROOT, 'docker-compose.yml');
    const binary = await ensureCompose({ progress: consoleProgress });
    try {
      await runCommand(binary, ['--file', file, 'config', '--quiet'], { timeoutMs: 60_000 });
    } catch (error) {
      console.error(`FAIL ${file}: Compose rejects it\n${(error as Error).message}`);
      return 1;
    }
    console.log(`ok   ${file} is a valid Compose file`);
    return 0;
  },
};
