import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CONFIG_NAMES } from '../config/config-file.ts';
import { DEFAULT_SUITES, SUITE_IDS, type SuiteId } from '../config/run-config.ts';
import { renderStarter } from '../config/starter.ts';
import { UsageError } from './args.ts';

/**
 * `init [SUITE...] [--config FILE] [--force]`: writes the commented starter settings file
 * (harness/config/starter.ts) for the chosen suites. It never overwrites a file unless told to.
 */
export function initCommand(argv: string[]): number {
  const parsed = (() => {
    try {
      return parseArgs({ args: argv, allowPositionals: true, options: { config: { type: 'string' }, force: { type: 'boolean' } } });
    } catch (e) {
      throw new UsageError((e as Error).message.split('\n')[0]);
    }
  })();
  const suites = (parsed.positionals.length ? parsed.positionals : DEFAULT_SUITES) as SuiteId[];
  for (const s of suites) if (!(SUITE_IDS as readonly string[]).includes(s)) throw new UsageError(`unknown suite "${s}" (known: ${SUITE_IDS.join(', ')})`);
  const file = parsed.values.config ?? CONFIG_NAMES[0];
  if (!file.endsWith('.json')) throw new UsageError('init writes JSON: give --config a name ending in .json');
  if (existsSync(file) && !parsed.values.force) throw new UsageError(`${file} exists: edit it, or --force to replace it`);
  writeFileSync(file, renderStarter([...new Set(suites)]));
  const run = file === CONFIG_NAMES[0] ? 'npx channel-conformance run' : `npx channel-conformance run --config ${file}`;
  process.stdout.write(`wrote ${file} (${suites.join(', ')}): set "target" and "driver", then: ${run}\n`);
  return 0;
}
