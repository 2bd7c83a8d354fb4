import { parseRunArgs, UsageError, USAGE } from './args.ts';
import { runCommand, CannotRun, toolVersion } from './run.ts';
import { serveCommand } from './serve.ts';
import { compareCommand, mergeCommand } from './report-commands.ts';

/**
 * Entry point of `channel-conformance`. Every way a run can fail to be made ends here as one line on
 * stderr and exit 2: never a stack trace (README, "Exit codes").
 */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return runCommand(parseRunArgs(rest));
    case 'serve':
      return serveCommand(rest);
    case 'merge':
      return mergeCommand(rest);
    case 'compare':
      return compareCommand(rest);
    case '--version':
    case 'version':
      process.stdout.write(`${toolVersion()}\n`);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}" (try: channel-conformance run)`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const msg = e instanceof UsageError || e instanceof CannotRun ? (e as Error).message : `internal error: ${(e as Error)?.message ?? String(e)}`;
    process.stderr.write(`channel-conformance: ${msg.split('\n')[0]}\n`);
    if (e instanceof UsageError) process.stderr.write(`${USAGE.split('\n')[0]}\n`);
    process.exitCode = 2;
  },
);
