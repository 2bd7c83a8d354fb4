/**
 * The public command line (README, "Command line"). Parsing never prints or echoes option values: `--token` and
 * `--client-token` are secrets.
 * @module
 */

import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SUITES, PROFILES, SUITE_IDS, type Profile, type SuiteId } from '../config/run-config.ts';
import type { FileSettings } from '../config/config-file.ts';

/** A command line that is not valid, with a message saying why. */
export class UsageError extends Error {}

export interface RunArgs {
  suites: SuiteId[];
  target?: string;
  driver?: string;
  token?: string;
  clientToken?: string;
  receiverHost: string;
  receiverPort: number;
  receiverUrl?: string;
  profile: Profile;
  strict: boolean;
  timeoutMs: number;
  grep?: string;
  reportDir: string;
  shard?: string;
  receiverBodyLimit: number;
  expect?: string;
  updateExpect: boolean;
  /** `--driver manual`: seconds to wait for each action a person performs. */
  manualWaitS?: number;
  /** True when the suites were named (command line or config file), not the default three. */
  suitesNamed: boolean;
  /** `--last-failed`: rerun the failed, warned and skipped checks of the report folder's results.json. */
  lastFailed: boolean;
  /** `--merge` (with --last-failed): fold the rerun into that previous report. */
  merge: boolean;
  /** The config file the settings came from, if any. */
  configFile?: string;
  /** `--seed N`: the seed of the generated checks (absent: the fixed default, printed in every verdict). */
  seed?: number;
  /** `--generate N`: inputs per generated property. */
  generate?: number;
}

/** Suites whose every request carries the channel token: a run against a --target needs one. */
const TOKEN_SUITES: string[] = ['chat-api'];

const RUN_OPTIONS = `options:
  --target URL          base URL of the implementation under test (absent: the bundled reference)
  --driver URL|manual   base URL of the IUT's driver endpoints, or "manual": a person performs each action
  --manual-wait S       with --driver manual: seconds to wait for each action (default 120)
  --token VALUE         channel token: chat-api, omnichannel, and operator-api-platform (whose chats
                        go through the Chat API); or env CHANNEL_CONFORMANCE_TOKEN
  --client-token VALUE  omnichannel "Channel webhook: Token"; or env CHANNEL_CONFORMANCE_CLIENT_TOKEN
  --receiver-host HOST  where the fake receiver listens (default 127.0.0.1)
  --receiver-port PORT  its port (default: a free one)
  --receiver-url URL    the public URL the IUT reaches the receiver at (tunnel, proxy)
  --profile NAME        operator-api: aimylogic, tovie or jaicp (default jaicp)
  --strict              SHOULD-level checks gate the exit code too
  --timeout MS          budget for each awaited delivery (default 5000)
  --grep REGEX          run only checks whose id or title matches
  --report DIR          where reports are written (default ./conformance-report)
  --expect FILE         known failures that do not gate: {"expectedFailures": {"<id>": "<reason>"}}
  --update-expect       rewrite the --expect file to list exactly the current failures
  --shard I/N           run one share of the checks (merge the shares with: channel-conformance merge DIR...)
  --last-failed         rerun only the checks that failed, warned or were skipped in the report folder's results.json
  --merge               with --last-failed: merge the rerun into that report, so it stays a full report
  --config FILE         settings file (default: ./channel-conformance.config.json or .mjs); flags override it
  --seed N              the seed of the generated checks: the same seed draws the same inputs (default 20261129)
  --generate N          inputs (or sequences) per generated property (default 20)
  --receiver-body-limit BYTES  largest body the receiver accepts (default 1048576)`;

const SUITES_LINE = `suites: ${SUITE_IDS.join(', ')} (none: the config file's, or ${DEFAULT_SUITES.join(', ')})`;

/** `channel-conformance run --help`. */
export const RUN_HELP = `usage: channel-conformance run [SUITE...] [options]
Runs the checks of the suites against your server (--target), or against the bundled reference
implementations without one, prints a line per check and writes the reports.
${SUITES_LINE}
${RUN_OPTIONS}
exit codes: 0 every gating check passed; 1 a gating check failed; 2 the run could not be made`;

export const USAGE = `usage: channel-conformance run [SUITE...] [options]
       channel-conformance list [SUITE...] [--grep REGEX] [--json]
       channel-conformance init [SUITE...] [--config FILE] [--force]
       channel-conformance serve SUITE [--port N] [--base-path PATH] [--bot-script FILE] [--token T] [--client-token T]
       channel-conformance merge DIR... [--report OUT]
       channel-conformance compare DIR DIR... [--out FILE]
${SUITES_LINE}
${RUN_OPTIONS}
channel-conformance COMMAND --help: the help of one command`;

/** True when the arguments ask for help (`run --help`, `serve -h`). */
export function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** run's options; a config file may set those of harness/config/config-file.ts under the same names. */
const OPTIONS = {
  target: { type: 'string' },
  driver: { type: 'string' },
  token: { type: 'string' },
  'client-token': { type: 'string' },
  'receiver-host': { type: 'string' },
  'receiver-port': { type: 'string' },
  'receiver-url': { type: 'string' },
  profile: { type: 'string' },
  strict: { type: 'boolean' },
  timeout: { type: 'string' },
  grep: { type: 'string' },
  report: { type: 'string' },
  shard: { type: 'string' },
  'receiver-body-limit': { type: 'string' },
  expect: { type: 'string' },
  'update-expect': { type: 'boolean' },
  'manual-wait': { type: 'string' },
  'last-failed': { type: 'boolean' },
  merge: { type: 'boolean' },
  config: { type: 'string' },
  seed: { type: 'string' },
  generate: { type: 'string' },
} as const;

/** `--config FILE` as given, read before the rest so the file's settings can be loaded first. */
export function configFlag(argv: string[]): string | undefined {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: false, options: { config: { type: 'string' } } }).values.config as string | undefined;
  } catch {
    return undefined; // the full parse reports the problem
  }
}

function httpUrl(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(`${name} must be an absolute http(s) URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`${name} must be an http or https URL`);
  return value;
}

function int(name: string, value: string | undefined, dflt: number, min: number, max: number): number {
  if (value === undefined) return dflt;
  // A negative number is a number out of range, not a malformed one: say the range.
  if (!/^-?\d+$/.test(value)) throw new UsageError(`${name} must be a whole number, not ${shown(value)}`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`${name} must be between ${min} and ${max}`);
  return n;
}

/** A value of a numeric option, quoted for a message (never a secret: only numeric options use it). */
function shown(value: string): string {
  return JSON.stringify(value.length > 24 ? `${value.slice(0, 24)}…` : value);
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/**
 * node:util parseArgs with messages a user understands, in one line, never echoing a value (tokens
 * are options too). `--timeout -5` is read as the value -5 (node would call it "ambiguous" and stop),
 * so the option's own check says what is wrong with it.
 */
export function parseOptions<O extends OptionSpec>(argv: string[], options: O) {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = argv[i + 1];
    if (/^--[^=]+$/.test(a) && options[a.slice(2)]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
  }
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (e) {
    throw new UsageError(parseArgsMessage(e as Error & { code?: string }));
  }
}

function parseArgsMessage(e: Error & { code?: string }): string {
  const first = e.message.split('\n')[0];
  const opt = /'(--?[^' ]+)(?: <value>)?'/.exec(first)?.[1];
  if (opt && /argument is ambiguous/.test(first)) return `${opt} needs a value (a value starting with "-" is written ${opt}=VALUE)`;
  if (opt && /argument missing/.test(first)) return `${opt} needs a value`;
  if (opt && /does not take an argument/.test(first)) return `${opt} takes no value`;
  if (opt && /^Unknown option/.test(first)) return `unknown option ${opt} (see channel-conformance help)`;
  return first.replace(/\. To specify.*$/, '');
}

export function parseRunArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, file?: FileSettings): RunArgs {
  const parsed = parseOptions(argv, OPTIONS);
  // The file first, the command line over it. A problem is named where it was written.
  // The file's values have the flags' types (harness/config/config-file.ts checks them).
  const v = { ...(file?.values ?? {}), ...defined(parsed.values) } as typeof parsed.values;
  const fromFlag = new Set(Object.keys(defined(parsed.values)));
  const name = (key: string) => (fromFlag.has(key) || !file ? `--${key}` : `"${key}" of ${path.basename(file.file)}`);
  const named = parsed.positionals.length ? parsed.positionals : file?.suites?.length ? file.suites : undefined;
  const suites = named ?? [...DEFAULT_SUITES];
  for (const s of suites) if (!(SUITE_IDS as readonly string[]).includes(s)) throw new UsageError(`unknown suite "${s}" (known: ${SUITE_IDS.join(', ')})`);
  const profile = (v.profile ?? 'jaicp') as Profile;
  if (!PROFILES.includes(profile)) throw new UsageError(`${name('profile')} must be one of ${PROFILES.join(', ')}`);
  if (v.grep !== undefined) {
    try {
      new RegExp(v.grep);
    } catch {
      throw new UsageError('--grep is not a valid regular expression');
    }
  }
  if (v.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(v.shard);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new UsageError('--shard must be I/N with 1 <= I <= N');
  }
  const token = v.token ?? env.CHANNEL_CONFORMANCE_TOKEN;
  for (const s of suites) {
    if (v.target !== undefined && !token && TOKEN_SUITES.includes(s)) {
      throw new UsageError(`${s} needs --token (or CHANNEL_CONFORMANCE_TOKEN): every path of its API holds the channel token`);
    }
  }
  if (v['update-expect'] && v.expect === undefined) throw new UsageError('--update-expect needs --expect FILE');
  if (v.driver !== undefined && v.target === undefined)
    throw new UsageError(`${name('driver')} needs a target (without one the bundled reference brings its own driver)`);
  if (v.merge && !v['last-failed']) throw new UsageError('--merge needs --last-failed');
  if (v['last-failed']) {
    // A rerun is chosen by id; these would choose too, or rewrite a baseline from a partial run.
    for (const k of ['grep', 'shard', 'update-expect'] as const) if (v[k] !== undefined) throw new UsageError(`--last-failed does not combine with --${k}`);
  }
  return {
    suites: [...new Set(suites)] as SuiteId[],
    target: httpUrl(name('target'), v.target),
    driver: v.driver === 'manual' ? 'manual' : httpUrl(name('driver'), v.driver),
    token: v.token ?? env.CHANNEL_CONFORMANCE_TOKEN ?? undefined,
    clientToken: v['client-token'] ?? env.CHANNEL_CONFORMANCE_CLIENT_TOKEN ?? undefined,
    receiverHost: v['receiver-host'] ?? '127.0.0.1',
    receiverPort: int(name('receiver-port'), v['receiver-port'], 0, 0, 65535),
    receiverUrl: httpUrl(name('receiver-url'), v['receiver-url']),
    profile,
    strict: v.strict ?? false,
    timeoutMs: int(name('timeout'), v.timeout, 5000, 1, 600_000),
    grep: v.grep,
    reportDir: v.report ?? './conformance-report',
    shard: v.shard,
    receiverBodyLimit: int(name('receiver-body-limit'), v['receiver-body-limit'], 1024 * 1024, 1024, 1024 * 1024 * 1024),
    expect: v.expect,
    updateExpect: v['update-expect'] ?? false,
    manualWaitS: v.driver === 'manual' ? int(name('manual-wait'), v['manual-wait'], 120, 1, 3600) : undefined,
    suitesNamed: named !== undefined,
    lastFailed: v['last-failed'] ?? false,
    merge: v.merge ?? false,
    configFile: file?.file,
    seed: v.seed === undefined ? undefined : int(name('seed'), v.seed, 0, 0, 2 ** 31 - 1),
    generate: v.generate === undefined ? undefined : int(name('generate'), v.generate, 20, 1, 100_000),
  };
}

/** parseArgs leaves absent options undefined; only those given may override the file. */
function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, x]) => x !== undefined)) as Partial<T>;
}
