/**
 * Local platform CLI: `node local-infra/cli.ts <command> [args]` (npm scripts infra:*).
 * Commands live in local-infra/commands/, one per file; this is only the dispatch table.
 */
import { composeConfigCommand } from './commands/compose-config.ts';
import { downCommand } from './commands/down.ts';
import { freshCloneCommand } from './commands/fresh-clone.ts';
import type { CliCommand } from './commands/command.ts';
import { deployDryRunCommand } from './commands/deploy-dry-run.ts';
import { devCommand } from './commands/dev.ts';
import { logsCommand } from './commands/logs.ts';
import { migrateCommand } from './commands/migrate.ts';
import { startCommand } from './commands/start.ts';
import { statusCommand } from './commands/status.ts';
import { upCommand } from './commands/up.ts';
import { InfraError } from './services/errors.ts';
import { silenceKnownWarnings } from '#shared/runtime/node/known-warnings.ts';

const COMMANDS: Record<string, CliCommand> = {
  up: upCommand,
  down: downCommand,
  status: statusCommand,
  logs: logsCommand,
  migrate: migrateCommand,
  start: startCommand,
  dev: devCommand,
  'deploy-dry-run': deployDryRunCommand,
  'compose-config': composeConfigCommand,
  'fresh-clone': freshCloneCommand,
};

function help(): void {
  console.log('usage: node local-infra/cli.ts <command> [args]\n');
  for (const command of Object.values(COMMANDS)) console.log(`  ${command.usage.padEnd(34)} ${command.summary}`);
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    help();
    return name === undefined || name === 'help' || name === '--help' ? 0 : 2;
  }
  try {
    return await command.run(args);
  } catch (error) {
    const errors = error instanceof AggregateError ? error.errors : [error];
    for (const each of errors) {
      const prefix = each instanceof InfraError ? `[${each.code}] ` : '';
      console.error(`\n${prefix}${each instanceof Error ? each.message : String(each)}`);
    }
    return 1;
  }
}

silenceKnownWarnings();
process.exitCode = await main(process.argv.slice(2));
