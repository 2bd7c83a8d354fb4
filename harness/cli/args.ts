import { parseArgs } from 'node:util';
import { DEFAULT_SUITES, PROFILES, SUITE_IDS, type Profile, type SuiteId } from '../config/run-config.ts';

/**
 * The public command line (README, "Command line"). Parsing never prints or echoes option values: `--token` and
 * `--client-token` are secrets.
 */
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
}

/** Suites whose every request carries the channel token: a run against a --target needs one. */
const TOKEN_SUITES: string[] = ['chat-api'];

export const USAGE = `usage: channel-conformance run [SUITE...] [options]
       channel-conformance serve SUITE [--port N] [--token T] [--client-token T]
       channel-conformance merge DIR... [--report OUT]
       channel-conformance compare DIR DIR... [--out FILE]
suites: ${SUITE_IDS.join(', ')} (none: ${DEFAULT_SUITES.join(', ')})
options:
  --target URL          base URL of the implementation under test (absent: the bundled reference)
  --driver URL|manual   base URL of the IUT's driver endpoints, or "manual": a person performs each action
  --manual-wait S       with --driver manual: seconds to wait for each action (default 120)
  --token VALUE         channel token (chat-api, omnichannel); or env CHANNEL_CONFORMANCE_TOKEN
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
  --receiver-body-limit BYTES  largest body the receiver accepts (default 1048576)`;

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
  if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a whole number`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`${name} must be between ${min} and ${max}`);
  return n;
}

export function parseRunArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): RunArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
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
      },
    });
  } catch (e) {
    // node's messages name the option but never its value.
    throw new UsageError((e as Error).message.split('\n')[0].replace(/\. To specify.*$/, ''));
  }
  const v = parsed.values;
  const suites = parsed.positionals.length ? parsed.positionals : [...DEFAULT_SUITES];
  for (const s of suites) if (!(SUITE_IDS as readonly string[]).includes(s)) throw new UsageError(`unknown suite "${s}" (known: ${SUITE_IDS.join(', ')})`);
  const profile = (v.profile ?? 'jaicp') as Profile;
  if (!PROFILES.includes(profile)) throw new UsageError(`--profile must be one of ${PROFILES.join(', ')}`);
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
  if (v.driver !== undefined && v.target === undefined) throw new UsageError('--driver needs --target (without --target the bundled reference brings its own driver)');
  return {
    suites: [...new Set(suites)] as SuiteId[],
    target: httpUrl('--target', v.target),
    driver: v.driver === 'manual' ? 'manual' : httpUrl('--driver', v.driver),
    token: v.token ?? env.CHANNEL_CONFORMANCE_TOKEN ?? undefined,
    clientToken: v['client-token'] ?? env.CHANNEL_CONFORMANCE_CLIENT_TOKEN ?? undefined,
    receiverHost: v['receiver-host'] ?? '127.0.0.1',
    receiverPort: int('--receiver-port', v['receiver-port'], 0, 0, 65535),
    receiverUrl: httpUrl('--receiver-url', v['receiver-url']),
    profile,
    strict: v.strict ?? false,
    timeoutMs: int('--timeout', v.timeout, 5000, 1, 600_000),
    grep: v.grep,
    reportDir: v.report ?? './conformance-report',
    shard: v.shard,
    receiverBodyLimit: int('--receiver-body-limit', v['receiver-body-limit'], 1024 * 1024, 1024, 1024 * 1024 * 1024),
    expect: v.expect,
    updateExpect: v['update-expect'] ?? false,
    manualWaitS: v.driver === 'manual' ? int('--manual-wait', v['manual-wait'], 120, 1, 3600) : undefined,
  };
}
