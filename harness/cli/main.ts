/**
 * Entry point of `channel-conformance`. Every way a run can fail to be made ends here as one line on
 * stderr and exit 2: never a stack trace (README, "Exit codes").
 * @module
 */

import path from 'node:path';
import { configFlag, parseRunArgs, RUN_HELP, UsageError, USAGE, wantsHelp, type RunArgs } from './args.ts';
import { listCommand, LIST_HELP } from './list.ts';
import { runCommand, CannotRun, toolVersion } from './run.ts';
import { serveCommand, SERVE_HELP } from './serve.ts';
import { compareCommand, mergeCommand } from './report-commands.ts';
import { initCommand } from './init.ts';
import { lastFailedCommand } from './last-failed.ts';
import { githubActionCommand } from './github-action.ts';
import { ConfigError, findConfigFile, loadConfigFile } from '../config/config-file.ts';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run': {
      if (wantsHelp(rest)) return help(RUN_HELP);
      const args = await runArgs(rest);
      if (args.configFile) process.stdout.write(`settings: ${path.relative(process.cwd(), args.configFile) || args.configFile}\n`);
      return args.lastFailed ? lastFailedCommand(args) : runCommand(args);
    }
    case 'init':
      return initCommand(rest);
    case 'github-action':
      // action.yml's step, configured by its INPUT_* variables; not listed in the usage.
      return githubActionCommand();
    case 'serve':
      return wantsHelp(rest) ? help(SERVE_HELP) : serveCommand(rest);
    case 'list':
      return wantsHelp(rest) ? help(LIST_HELP) : listCommand(rest);
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

function help(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

/** run's settings: the config file (found or --config), then the command line over it. */
async function runArgs(argv: string[]): Promise<RunArgs> {
  try {
    const file = findConfigFile(configFlag(argv));
    return parseRunArgs(argv, process.env, file ? await loadConfigFile(file) : undefined);
  } catch (e) {
    if (e instanceof ConfigError) throw new CannotRun(e.message); // one line, no usage: the command line was right
    throw e;
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
