/** One CLI command: `node local-infra/cli.ts <name> [args]`. Returns the exit code. */
export interface CliCommand {
  readonly summary: string;
  readonly usage: string;
  run(args: readonly string[]): Promise<number>;
}
